<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Card</name>
    <message>
        <source>and %1 more</source>
        <translation>还有 %1 项</translation>
    </message>
</context>
<context>
    <name>DealRow</name>
    <message>
        <source>Open this deal</source>
        <translation>打开商机</translation>
    </message>
    <message>
        <source>%1 days in this stage (limit %2)</source>
        <translation>已在本阶段停留 %1 天（上限 %2 天）</translation>
    </message>
    <message>
        <source>expected close passed %1 days ago</source>
        <translation>预计成交日期已过 %1 天</translation>
    </message>
</context>
<context>
    <name>TaskRow</name>
    <message>
        <source>Mark as done</source>
        <translation>标记为完成</translation>
    </message>
    <message>
        <source>Open this task</source>
        <translation>打开任务</translation>
    </message>
    <message>
        <source>Overdue since yesterday</source>
        <translation>昨天起已逾期</translation>
    </message>
    <message>
        <source>Overdue %1 days</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>%1 起已逾期</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>%1 到期</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>No visits planned for today.</source>
        <translation>今天没有安排拜访。</translation>
    </message>
    <message>
        <source>and %1 more in Visits</source>
        <translation>另有 %1 次拜访，在“拜访”中查看</translation>
    </message>
    <message>
        <source>Plan visits…</source>
        <translation>安排拜访…</translation>
    </message>
    <message>
        <source>Tasks due</source>
        <translation>待办任务</translation>
    </message>
    <message>
        <source>Nothing due today. Well done!</source>
        <translation>今天没有到期的任务，干得漂亮！</translation>
    </message>
    <message>
        <source>and %1 more in Tasks</source>
        <translation>另有 %1 项，在“任务”中查看</translation>
    </message>
    <message>
        <source>Deals that need action</source>
        <translation>需要跟进的商机</translation>
    </message>
    <message>
        <source>No deal is stuck or past its expected close date.</source>
        <translation>没有停滞或超过预计成交日期的商机。</translation>
    </message>
    <message>
        <source>and %1 more in Deals</source>
        <translation>另有 %1 个，在“商机”中查看</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>日报</translation>
    </message>
    <message>
        <source>Write today&apos;s report</source>
        <translation>写今天的日报</translation>
    </message>
    <message>
        <source>Today · %1</source>
        <translation>今天 · %1</translation>
    </message>
    <message>
        <source>%1 of %2 visits to go · %3 tasks due (%4 overdue) · %5 deals need action</source>
        <translation>待拜访 %1 / %2 · 待办任务 %3 项（逾期 %4 项）· 需跟进商机 %5 个</translation>
    </message>
    <message>
        <source>Your team has no daily report template.</source>
        <translation>团队尚未设置日报模板。</translation>
    </message>
    <message>
        <source>Due today at %1.</source>
        <translation>今天 %1 前提交。</translation>
    </message>
    <message>
        <source>Not written yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <source>Not written — late</source>
        <translation>尚未填写 — 已逾期</translation>
    </message>
    <message>
        <source>The deadline %1 has passed.</source>
        <translation>已过截止时间 %1。</translation>
    </message>
    <message>
        <source>Draft, not submitted</source>
        <translation>草稿，尚未提交</translation>
    </message>
    <message>
        <source>Draft, not submitted — late</source>
        <translation>草稿，尚未提交 — 已逾期</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Submitted late</source>
        <translation>逾期提交</translation>
    </message>
    <message>
        <source>Submitted at %1.</source>
        <translation>提交于 %1。</translation>
    </message>
    <message>
        <source>Not yet sent to the server.</source>
        <translation>尚未同步到服务器。</translation>
    </message>
    <message>
        <source>No daily report due today</source>
        <translation>今天无需提交日报</translation>
    </message>
    <message>
        <source>Write a report</source>
        <translation>写汇报</translation>
    </message>
    <message>
        <source>Continue the draft</source>
        <translation>继续编辑草稿</translation>
    </message>
    <message>
        <source>View the report</source>
        <translation>查看日报</translation>
    </message>
    <message>
        <source>Team: %1 of %2 reps have submitted today.</source>
        <translation>团队：今天 %2 名销售中已有 %1 名提交。</translation>
    </message>
    <message>
        <source>Late: %1.</source>
        <translation>逾期未交：%1。</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>VisitRow</name>
    <message>
        <source>Open this visit</source>
        <translation>打开拜访</translation>
    </message>
    <message>
        <source>Check in…</source>
        <translation>签到…</translation>
    </message>
    <message>
        <source>Check out…</source>
        <translation>签退…</translation>
    </message>
</context>
</TS>
