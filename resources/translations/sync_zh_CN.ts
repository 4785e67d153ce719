<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AppShell</name>
    <message>
        <source>You are signed out and the data on this computer was deleted.</source>
        <translation>已退出登录，本机上的数据已删除。</translation>
    </message>
    <message>
        <source>Signed in as %1: your areas are shown.</source>
        <translation>已以 %1 的身份登录，显示的是您的工作区。</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Conflicts and rejected changes</source>
        <translation>冲突与被拒绝的更改</translation>
    </message>
    <message>
        <source>When you and a colleague changed the same thing, the server kept the value that reached it first; choose which one stays. A rejected change is one the server refused: copy what it carried, create it again, or discard it.</source>
        <translation>当您和同事修改了同一处内容时，服务器保留了先到达的值，请选择保留哪一个。被拒绝的更改是服务器未接受的更改：您可以复制其内容、重新创建，或将其舍弃。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Their value (kept on the server)</source>
        <translation>对方的值（服务器上保留的）</translation>
    </message>
    <message>
        <source>My value</source>
        <translation>我的值</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>保留对方的值</translation>
    </message>
    <message>
        <source>Use mine</source>
        <translation>使用我的值</translation>
    </message>
    <message>
        <source>Write my value again as a new change; the next sync sends it.</source>
        <translation>把我的值作为一次新的修改重新写入，下次同步时发送。</translation>
    </message>
    <message>
        <source>Open record</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <source>No conflicts: everything you changed reached the server as you wrote it.</source>
        <translation>没有冲突：您的所有修改都已按原样送达服务器。</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>What the change carried</source>
        <translation>该更改包含的内容</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <source>Copy what the change carried as text, and close it as copied.</source>
        <translation>把该更改的内容以文字形式复制，并标记为已复制后关闭。</translation>
    </message>
    <message>
        <source>Create again</source>
        <translation>重新创建</translation>
    </message>
    <message>
        <source>Create a new record with this data; the next sync sends it.</source>
        <translation>用这些数据新建一条记录，下次同步时发送。</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>舍弃…</translation>
    </message>
    <message>
        <source>No rejected changes: the server accepted everything you sent.</source>
        <translation>没有被拒绝的更改：服务器接受了您发送的全部内容。</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>冲突（%1）</translation>
    </message>
    <message>
        <source>Rejected changes (%1)</source>
        <translation>被拒绝的更改（%1）</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Field: %1</source>
        <translation>字段：%1</translation>
    </message>
    <message>
        <source>Changed by %1 on %2</source>
        <translation>由 %1 于 %2 修改</translation>
    </message>
    <message>
        <source>Changed by %1</source>
        <translation>由 %1 修改</translation>
    </message>
    <message>
        <source>Changed by me on %1</source>
        <translation>我于 %1 修改</translation>
    </message>
    <message>
        <source>Your value is saved again; the next sync sends it.</source>
        <translation>已重新保存您的值，下次同步时发送。</translation>
    </message>
    <message>
        <source>Their value is kept.</source>
        <translation>已保留对方的值。</translation>
    </message>
    <message>
        <source>Your value cannot be written any more: %1</source>
        <translation>您的值已无法再写入：%1</translation>
    </message>
    <message>
        <source>This was already settled.</source>
        <translation>此项已处理过。</translation>
    </message>
    <message>
        <source>That did not work; the details were logged.</source>
        <translation>操作未成功，详细信息已记录到日志。</translation>
    </message>
    <message>
        <source>Copied to the clipboard; the change is closed.</source>
        <translation>已复制到剪贴板，该更改已关闭。</translation>
    </message>
    <message>
        <source>Created again as a new record; the next sync sends it.</source>
        <translation>已作为新记录重新创建，下次同步时发送。</translation>
    </message>
    <message>
        <source>Discard the rejected change?</source>
        <translation>舍弃这个被拒绝的更改？</translation>
    </message>
    <message>
        <source>What this change carried is not kept anywhere else once it is discarded. Discard it?</source>
        <translation>舍弃后，该更改的内容不会在其他任何地方保留。确定舍弃吗？</translation>
    </message>
    <message>
        <source>The change is discarded.</source>
        <translation>该更改已舍弃。</translation>
    </message>
</context>
<context>
    <name>DemoServer</name>
    <message>
        <source>Demo: every demo user&apos;s password is %1 (manager %2, reps %3).</source>
        <translation>演示：所有演示用户的密码都是 %1（经理 %2，销售代表 %3）。</translation>
    </message>
    <message>
        <source>Preparing the demo team (first start only)…</source>
        <translation>正在准备演示团队（仅首次启动）…</translation>
    </message>
    <message>
        <source>Starting the demo server…</source>
        <translation>正在启动演示服务器…</translation>
    </message>
    <message>
        <source>The demo could not sign in to its server: %1</source>
        <translation>演示无法登录其服务器：%1</translation>
    </message>
    <message>
        <source>Delete the demo folder to start the demo afresh.</source>
        <translation>删除演示文件夹即可重新开始演示。</translation>
    </message>
    <message>
        <source>The demo server could not start (see server.log in the demo folder), so the demo runs on this computer only.</source>
        <translation>演示服务器无法启动（详见演示文件夹中的 server.log），因此演示只在本机运行。</translation>
    </message>
    <message>
        <source>The demo runs on this computer only: this installation has no server part (install SalesDesk with its server extra to see a team syncing).</source>
        <translation>演示只在本机运行：此安装不含服务器部分（安装带服务器组件的 SalesDesk，即可看到团队同步）。</translation>
    </message>
    <message>
        <source>Demo data is ready: %1 customers.</source>
        <translation>演示数据已就绪：%1 个客户。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password needed</source>
        <translation>需要密码</translation>
    </message>
    <message>
        <source>Enter the password of %1 on %2 to sync.</source>
        <translation>请输入 %1 在 %2 上的密码以进行同步。</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Wrong password. Try again.</source>
        <translation>密码错误，请重试。</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>This computer has no keyring, so SalesDesk cannot remember your sign-in here: it will ask for your password again the next time it starts. Your password is never written to disk.</source>
        <translation>这台电脑没有密钥环，SalesDesk 无法在此记住您的登录状态：下次启动时会再次要求输入密码。您的密码绝不会写入磁盘。</translation>
    </message>
    <message>
        <source>Sign in to the server</source>
        <translation>登录服务器</translation>
    </message>
    <message>
        <source>Sign in to send your changes to your team&apos;s server and receive theirs. You can keep working while SalesDesk syncs.</source>
        <translation>登录后即可把您的更改发送到团队服务器，并接收同事的更改。同步期间您可以继续工作。</translation>
    </message>
    <message>
        <source>Server address:</source>
        <translation>服务器地址：</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Continue in the background</source>
        <translation>在后台继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>This computer holds 1 change made before signing in.</source>
        <translation>这台电脑上有 1 项在登录前所做的更改。</translation>
    </message>
    <message>
        <source>This computer holds %1 changes made before signing in.</source>
        <translation>这台电脑上有 %1 项在登录前所做的更改。</translation>
    </message>
    <message>
        <source>Your local data will be uploaded as yours when you sign in.</source>
        <translation>登录后，这些本地数据将作为您的数据上传。</translation>
    </message>
    <message>
        <source>Enter the server address.</source>
        <translation>请输入服务器地址。</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Signed in as %1. Receiving your data…</source>
        <translation>已以 %1 的身份登录，正在接收您的数据…</translation>
    </message>
    <message>
        <source>The server address is not valid. It looks like https://crm.example.cn</source>
        <translation>服务器地址无效。地址的格式类似 https://crm.example.cn</translation>
    </message>
    <message>
        <source>You are signed in, but the first sync failed.</source>
        <translation>已登录，但首次同步失败。</translation>
    </message>
    <message>
        <source>SalesDesk tries again by itself.</source>
        <translation>SalesDesk 会自动重试。</translation>
    </message>
    <message>
        <source>Stop syncing</source>
        <translation>停止同步</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SignOutDialog</name>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign out of %1 as %2? Changes that have not reached the server yet are sent first.</source>
        <translation>要以 %2 的身份退出 %1 吗？尚未送达服务器的更改会先发送。</translation>
    </message>
    <message>
        <source>Delete the data on this computer</source>
        <translation>删除本机上的数据</translation>
    </message>
    <message>
        <source>Everything that reached the server stays there. Choose this when you leave this computer or give it to someone else.</source>
        <translation>已送达服务器的内容都会保留在服务器上。当您不再使用这台电脑或把它交给他人时，请选择此项。</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Sign out anyway</source>
        <translation>仍然退出登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sending your changes…</source>
        <translation>正在发送您的更改…</translation>
    </message>
    <message>
        <source>If you sign out anyway, they are deleted with the data on this computer and are lost.</source>
        <translation>如果仍然退出登录，这些更改会随本机数据一起删除，无法找回。</translation>
    </message>
    <message>
        <source>If you sign out anyway, they stay on this computer and are sent after you sign in again.</source>
        <translation>如果仍然退出登录，这些更改会保留在这台电脑上，重新登录后再发送。</translation>
    </message>
    <message>
        <source>1 change has not reached the server.</source>
        <translation>有 1 项更改尚未送达服务器。</translation>
    </message>
    <message>
        <source>%1 changes have not reached the server.</source>
        <translation>有 %1 项更改尚未送达服务器。</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>正在退出登录…</translation>
    </message>
</context>
<context>
    <name>SyncMessages</name>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>This account is disabled. Ask your administrator.</source>
        <translation>此账号已被停用，请联系管理员。</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Wait a few minutes and try again.</source>
        <translation>登录失败次数过多，请等几分钟后再试。</translation>
    </message>
    <message>
        <source>This version of SalesDesk is too old for the server. Please update SalesDesk.</source>
        <translation>此版本的 SalesDesk 太旧，服务器已不再支持。请更新 SalesDesk。</translation>
    </message>
    <message>
        <source>The server is older than this SalesDesk. Ask your administrator to update it.</source>
        <translation>服务器的版本比这个 SalesDesk 旧，请联系管理员更新服务器。</translation>
    </message>
    <message>
        <source>The server cannot be reached. Your changes are kept and sent when the connection returns.</source>
        <translation>无法连接服务器。您的更改已妥善保存，网络恢复后会自动发送。</translation>
    </message>
    <message>
        <source>The secure connection to the server failed: its certificate is not trusted, or the address is not a secure (https) server.</source>
        <translation>与服务器的安全连接失败：服务器证书不受信任，或该地址不是安全（https）服务器。</translation>
    </message>
    <message>
        <source>The server had a problem. Your changes are kept; try again later.</source>
        <translation>服务器出现问题。您的更改已保存，请稍后再试。</translation>
    </message>
    <message>
        <source>The server&apos;s answers arrived damaged. Your changes are kept; try again later.</source>
        <translation>服务器的应答在传输中损坏。您的更改已保存，请稍后再试。</translation>
    </message>
    <message>
        <source>Enter your password to sync.</source>
        <translation>请输入密码以进行同步。</translation>
    </message>
    <message>
        <source>This computer is not signed in to a server.</source>
        <translation>这台电脑尚未登录服务器。</translation>
    </message>
    <message>
        <source>The data on this computer belongs to another account or server. Sign in as that account, or sign out and delete the data on this computer first.</source>
        <translation>本机上的数据属于另一个账号或另一台服务器。请用那个账号登录，或先退出登录并删除本机数据。</translation>
    </message>
    <message>
        <source>Some changes have not reached the server yet.</source>
        <translation>有些更改尚未送达服务器。</translation>
    </message>
    <message>
        <source>The data on this computer could not be written (is the disk full?). Nothing was lost; try again.</source>
        <translation>无法写入本机数据（磁盘是否已满？）。没有任何数据丢失，请重试。</translation>
    </message>
    <message>
        <source>Sync was stopped. What was already received is kept.</source>
        <translation>同步已停止，已接收的内容都会保留。</translation>
    </message>
    <message>
        <source>SalesDesk hit an unexpected problem while syncing; the details were logged. Your changes are kept.</source>
        <translation>同步时 SalesDesk 遇到意外问题，详细信息已记录到日志。您的更改已保存。</translation>
    </message>
    <message>
        <source>Sign-in refused</source>
        <translation>登录被拒绝</translation>
    </message>
    <message>
        <source>Account disabled</source>
        <translation>账号已停用</translation>
    </message>
    <message>
        <source>Too many sign-ins</source>
        <translation>登录尝试过多</translation>
    </message>
    <message>
        <source>Please update SalesDesk</source>
        <translation>请更新 SalesDesk</translation>
    </message>
    <message>
        <source>Server too old</source>
        <translation>服务器版本过旧</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Secure connection failed</source>
        <translation>安全连接失败</translation>
    </message>
    <message>
        <source>Server problem</source>
        <translation>服务器出错</translation>
    </message>
    <message>
        <source>Damaged answer</source>
        <translation>应答已损坏</translation>
    </message>
    <message>
        <source>Password needed</source>
        <translation>需要密码</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Another account&apos;s data</source>
        <translation>属于其他账号的数据</translation>
    </message>
    <message>
        <source>Changes not sent</source>
        <translation>更改未发送</translation>
    </message>
    <message>
        <source>Cannot write local data</source>
        <translation>无法写入本机数据</translation>
    </message>
    <message>
        <source>Sync stopped</source>
        <translation>同步已停止</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <source>The server found a value that is not valid.</source>
        <translation>服务器发现有无效的值。</translation>
    </message>
    <message>
        <source>The server does not know this kind of record (is it older?).</source>
        <translation>服务器不认识这类记录（服务器版本是否较旧？）。</translation>
    </message>
    <message>
        <source>Users and teams are changed on the server by an administrator.</source>
        <translation>用户和团队只能由管理员在服务器上修改。</translation>
    </message>
    <message>
        <source>Your role may not make this change.</source>
        <translation>您的角色无权做此更改。</translation>
    </message>
    <message>
        <source>The record is no longer yours (it was given to someone else or is outside your team).</source>
        <translation>这条记录已不属于您（已转给他人，或不在您的团队范围内）。</translation>
    </message>
    <message>
        <source>A record with the same id already exists.</source>
        <translation>已存在编号相同的记录。</translation>
    </message>
    <message>
        <source>Someone deleted the record meanwhile.</source>
        <translation>在此期间有人删除了这条记录。</translation>
    </message>
    <message>
        <source>The record it belongs to was deleted meanwhile.</source>
        <translation>它所属的记录在此期间已被删除。</translation>
    </message>
    <message>
        <source>Entries of this kind can be added but not changed.</source>
        <translation>这类条目只能新增，不能修改。</translation>
    </message>
    <message>
        <source>This record cannot be deleted.</source>
        <translation>这条记录不能删除。</translation>
    </message>
    <message>
        <source>A value that cannot change once set was changed.</source>
        <translation>修改了一个设定后就不能再改的值。</translation>
    </message>
    <message>
        <source>The server saw this change from another computer.</source>
        <translation>服务器已从另一台电脑收到过这项更改。</translation>
    </message>
    <message>
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Deletion</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in about a minute.</source>
        <translation>登录失败次数过多，请大约 1 分钟后再试。</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in about %1 minutes.</source>
        <translation>登录失败次数过多，请大约 %1 分钟后再试。</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>Error code: %1</source>
        <translation>错误代码：%1</translation>
    </message>
    <message>
        <source>The server refused this change.</source>
        <translation>服务器拒绝了这项更改。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Sending %1 of %2 changes</source>
        <translation>正在发送更改：第 %1 项，共 %2 项</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>正在发送更改…</translation>
    </message>
    <message>
        <source>Downloading %1 of %2</source>
        <translation>正在下载：%1 / %2</translation>
    </message>
    <message>
        <source>Receiving changes: %1</source>
        <translation>正在接收更改：%1</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>正在接收更改…</translation>
    </message>
    <message>
        <source>Checking the copy on this computer…</source>
        <translation>正在核对本机数据…</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>已同步 %1</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Sign in to a SalesDesk server to sync your data with your team.</source>
        <translation>登录 SalesDesk 服务器，与团队同步您的数据。</translation>
    </message>
    <message>
        <source>Password needed</source>
        <translation>需要密码</translation>
    </message>
    <message>
        <source>Enter your password to sync. %1</source>
        <translation>请输入密码以进行同步。%1</translation>
    </message>
    <message>
        <source>Enter password…</source>
        <translation>输入密码…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Signed in to %1 as %2.</source>
        <translation>已以 %2 的身份登录 %1。</translation>
    </message>
    <message>
        <source>1 change waiting</source>
        <translation>1 项待同步</translation>
    </message>
    <message>
        <source>%1 changes waiting</source>
        <translation>%1 项待同步</translation>
    </message>
    <message>
        <source>Changes made on this computer that have not reached the server yet. They are kept safely and sent by the next sync.</source>
        <translation>在这台电脑上所做、尚未送达服务器的更改。它们已妥善保存，下次同步时发送。</translation>
    </message>
    <message>
        <source>1 conflict</source>
        <translation>1 个冲突</translation>
    </message>
    <message>
        <source>%1 conflicts</source>
        <translation>%1 个冲突</translation>
    </message>
    <message>
        <source>1 rejected change</source>
        <translation>1 项被拒绝</translation>
    </message>
    <message>
        <source>%1 rejected changes</source>
        <translation>%1 项被拒绝</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Open the conflicts and rejected changes to resolve them.</source>
        <translation>打开冲突与被拒绝的更改并逐一处理。</translation>
    </message>
</context>
<context>
    <name>SyncValues</name>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>A file of %1 KB</source>
        <translation>文件，%1 KB</translation>
    </message>
    <message>
        <source>(a record not on this computer)</source>
        <translation>（不在本机上的记录）</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
</context>
<context>
    <name>WindowSync</name>
    <message>
        <source>Sign &amp;in…</source>
        <translation>登录(&amp;I)…</translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation>退出登录(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>Sync now (%1)</source>
        <translation>立即同步（%1）</translation>
    </message>
    <message>
        <source>&amp;Conflicts and rejected changes…</source>
        <translation>冲突与被拒绝的更改(&amp;C)…</translation>
    </message>
    <message>
        <source>A sync is already running.</source>
        <translation>同步已在进行中。</translation>
    </message>
    <message>
        <source>Signed in. SalesDesk now syncs by itself.</source>
        <translation>已登录，SalesDesk 之后会自动同步。</translation>
    </message>
    <message>
        <source>Signed out. Your data stays on this computer.</source>
        <translation>已退出登录，您的数据仍保留在这台电脑上。</translation>
    </message>
    <message>
        <source>You are signed in as someone else now: restart SalesDesk to see your areas.</source>
        <translation>您现在以另一个身份登录，请重新启动 SalesDesk 以显示您的工作区。</translation>
    </message>
    <message>
        <source>Data deleted</source>
        <translation>数据已删除</translation>
    </message>
    <message>
        <source>The data on this computer was deleted. SalesDesk closes now.</source>
        <translation>本机上的数据已删除，SalesDesk 现在将关闭。</translation>
    </message>
</context>
</TS>
