"""Everything that crosses the network: the wire protocol, the client engine and the server."""
