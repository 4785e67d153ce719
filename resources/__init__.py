"""SalesDesk resources: icons, style sheets and translations, read with importlib.resources."""
