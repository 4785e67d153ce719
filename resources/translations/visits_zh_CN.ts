<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Drop photos or files here, up to %1 each.</source>
        <translation>可将照片或文件拖到这里，每个最大 %1。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Attach photos or files</source>
        <translation>添加照片或文件</translation>
    </message>
    <message>
        <source>Photos and documents (%1)</source>
        <translation>照片和文档 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Attached %1.</source>
        <translation>已添加附件：%1。</translation>
    </message>
    <message>
        <source>%1 is %2: a visit attachment can be at most %3.</source>
        <translation>%1 大小为 %2，拜访附件最大只能 %3。</translation>
    </message>
    <message>
        <source>No program on this computer opens %1.</source>
        <translation>本机没有可以打开 %1 的程序。</translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation>保存附件</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>已移除 %1。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>CheckInDialog</name>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Where you are: an address or a landmark</source>
        <translation>你所在的位置：地址或地标</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>Use my location</source>
        <translation>使用我的位置</translation>
    </message>
    <message>
        <source>Or type the address; the position is optional.</source>
        <translation>也可以直接填写地址，经纬度可不填。</translation>
    </message>
    <message>
        <source>No location service on this computer: type the address or coordinates.</source>
        <translation>本机没有定位服务，请手动填写地址或经纬度。</translation>
    </message>
    <message>
        <source>Finding your position…</source>
        <translation>正在定位…</translation>
    </message>
    <message>
        <source>Position found.</source>
        <translation>已获取位置。</translation>
    </message>
    <message>
        <source>Position found (within %1 m).</source>
        <translation>已获取位置（误差约 %1 米）。</translation>
    </message>
    <message>
        <source>Type the address instead.</source>
        <translation>请改为手动填写地址。</translation>
    </message>
</context>
<context>
    <name>CheckOutDialog</name>
    <message>
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>What came out of the visit</source>
        <translation>本次拜访的结果</translation>
    </message>
    <message>
        <source>What happens next, and who does it</source>
        <translation>下一步做什么，由谁负责</translation>
    </message>
</context>
<context>
    <name>FollowUpBox</name>
    <message>
        <source>Create a follow-up task</source>
        <translation>创建跟进任务</translation>
    </message>
</context>
<context>
    <name>Location</name>
    <message>
        <source>This computer has no location service.</source>
        <translation>本机没有定位服务。</translation>
    </message>
    <message>
        <source>SalesDesk may not use your location: allow it in the system settings.</source>
        <translation>SalesDesk 没有定位权限，请在系统设置中允许。</translation>
    </message>
    <message>
        <source>The location service was switched off.</source>
        <translation>定位服务已关闭。</translation>
    </message>
    <message>
        <source>No position within %1 seconds.</source>
        <translation>%1 秒内未能获取位置。</translation>
    </message>
    <message>
        <source>The location service could not find a position.</source>
        <translation>定位服务无法获取当前位置。</translation>
    </message>
</context>
<context>
    <name>TimeOfDayEdit</name>
    <message>
        <source>Any time</source>
        <translation>不限时间</translation>
    </message>
</context>
<context>
    <name>VisitActions</name>
    <message>
        <source>This visit no longer exists.</source>
        <translation>该拜访已不存在。</translation>
    </message>
    <message>
        <source>Checked in at %1.</source>
        <translation>已在 %1 签到。</translation>
    </message>
    <message>
        <source>Visit done.</source>
        <translation>拜访已完成。</translation>
    </message>
    <message>
        <source>Visit done; follow-up task created.</source>
        <translation>拜访已完成，并已创建跟进任务。</translation>
    </message>
    <message>
        <source>Cancel visit</source>
        <translation>取消拜访</translation>
    </message>
    <message>
        <source>Why is the visit cancelled? (optional; kept in the visit log)</source>
        <translation>取消原因（选填，将记入拜访记录）：</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>已取消：%1</translation>
    </message>
    <message>
        <source>Visit cancelled.</source>
        <translation>拜访已取消。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Delete visit</source>
        <translation>删除拜访</translation>
    </message>
    <message>
        <source>Delete the visit “%1” with its photos and files?
You can undo this right after. To keep it on record, cancel it instead.</source>
        <translation>删除拜访“%1”及其照片和文件？
删除后可立即撤销。如需保留记录，请改为取消拜访。</translation>
    </message>
    <message>
        <source>Visit deleted.</source>
        <translation>拜访已删除。</translation>
    </message>
</context>
<context>
    <name>VisitDetail</name>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Open the customer</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>Check in…</source>
        <translation>签到…</translation>
    </message>
    <message>
        <source>Check out…</source>
        <translation>签退…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Cancel visit…</source>
        <translation>取消拜访…</translation>
    </message>
    <message>
        <source>Plan again</source>
        <translation>重新安排</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Checked out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>拜访结果</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Follow-up tasks</source>
        <translation>跟进任务</translation>
    </message>
    <message>
        <source>Add to the visit log and press Enter</source>
        <translation>填写拜访记录，按回车添加</translation>
    </message>
    <message>
        <source>Photos and files</source>
        <translation>照片和文件</translation>
    </message>
    <message>
        <source>Visit log</source>
        <translation>拜访记录</translation>
    </message>
    <message>
        <source>Select a visit to see it here.</source>
        <translation>选择一次拜访即可在此查看详情。</translation>
    </message>
    <message>
        <source>(no customer)</source>
        <translation>（无客户）</translation>
    </message>
    <message>
        <source>stop %1 of the day</source>
        <translation>当天第 %1 站</translation>
    </message>
    <message>
        <source>Only %1 can check in to this visit.</source>
        <translation>只有 %1 本人可以为这次拜访签到。</translation>
    </message>
    <message>
        <source>Visit log (%1)</source>
        <translation>拜访记录 (%1)</translation>
    </message>
    <message>
        <source>Photos and files (%1)</source>
        <translation>照片和文件 (%1)</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Edit visit</source>
        <translation>编辑拜访</translation>
    </message>
    <message>
        <source>Plan a visit</source>
        <translation>安排拜访</translation>
    </message>
</context>
<context>
    <name>VisitErrors</name>
    <message>
        <source>Only a planned visit can be checked in.</source>
        <translation>只有计划中的拜访才能签到。</translation>
    </message>
    <message>
        <source>Check in to this visit first.</source>
        <translation>请先签到。</translation>
    </message>
    <message>
        <source>This time is in the future.</source>
        <translation>该时间晚于当前时间。</translation>
    </message>
    <message>
        <source>The check-out cannot be before the check-in.</source>
        <translation>签退时间不能早于签到时间。</translation>
    </message>
    <message>
        <source>A finished visit cannot be cancelled.</source>
        <translation>已结束的拜访不能取消。</translation>
    </message>
    <message>
        <source>Only a planned visit is on the route.</source>
        <translation>只有计划中的拜访才在路线上。</translation>
    </message>
    <message>
        <source>Write the next step for the follow-up task.</source>
        <translation>请先填写下一步，才能创建跟进任务。</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Planned and done</source>
        <translation>计划中和已完成</translation>
    </message>
    <message>
        <source>All, with cancelled</source>
        <translation>全部（含已取消）</translation>
    </message>
    <message>
        <source>My visits</source>
        <translation>我的拜访</translation>
    </message>
    <message>
        <source>Plan route</source>
        <translation>规划路线</translation>
    </message>
    <message>
        <source>Order the stops area by area, nearest next, so the route does not criss-cross</source>
        <translation>按区域排序，同区域内就近安排下一站，避免来回奔波</translation>
    </message>
    <message>
        <source>New visit…</source>
        <translation>新建拜访…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Earlier in the route (Alt+Up)</source>
        <translation>在路线中提前（Alt+↑）</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Later in the route (Alt+Down)</source>
        <translation>在路线中推后（Alt+↓）</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Today · %1</source>
        <translation>今天 · %1</translation>
    </message>
    <message>
        <source>Week %1 · %2 – %3</source>
        <translation>第 %1 周 · %2 – %3</translation>
    </message>
    <message>
        <source>%1 visits, %2 done</source>
        <translation>共 %1 次拜访，已完成 %2 次</translation>
    </message>
    <message>
        <source>Route not planned yet: press Plan route.</source>
        <translation>路线尚未规划：请点击“规划路线”。</translation>
    </message>
    <message>
        <source>No visits this week.</source>
        <translation>本周没有拜访。</translation>
    </message>
    <message>
        <source>No visits this day.</source>
        <translation>这一天没有拜访。</translation>
    </message>
    <message>
        <source>Plan one with New visit…</source>
        <translation>可点击“新建拜访…”安排。</translation>
    </message>
    <message>
        <source>No area</source>
        <translation>未填写地区</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 · 1 stop</source>
        <translation>%1 · 1 站</translation>
    </message>
    <message>
        <source>%1 · %2 stops</source>
        <translation>%1 · %2 站</translation>
    </message>
    <message>
        <source>%1 (today)</source>
        <translation>%1（今天）</translation>
    </message>
    <message>
        <source>Route planned area by area.</source>
        <translation>已按区域规划好路线。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>_VisitActionDialog</name>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
</TS>
