<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DailyReportReminder</name>
    <message>
        <source>It was due at %1 and is not submitted yet.</source>
        <translation>截止时间 %1 已过，日报还未提交。</translation>
    </message>
    <message>
        <source>Your draft is not submitted yet; it is due at %1.</source>
        <translation>日报草稿还未提交，请在 %1 前提交。</translation>
    </message>
    <message>
        <source>It is not written yet; it is due at %1.</source>
        <translation>今天的日报还没写，请在 %1 前提交。</translation>
    </message>
    <message>
        <source>Today&apos;s daily report</source>
        <translation>今日日报</translation>
    </message>
</context>
<context>
    <name>ReportEditor</name>
    <message>
        <source>Figures from your data</source>
        <translation>系统自动统计</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Count the figures again from your data</source>
        <translation>根据你的最新数据重新统计</translation>
    </message>
    <message>
        <source>Manager&apos;s review</source>
        <translation>主管点评</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Drafts are also saved while you type</source>
        <translation>输入时会自动保存草稿</translation>
    </message>
    <message>
        <source>Submit…</source>
        <translation>提交…</translation>
    </message>
    <message>
        <source>Counted at %1 from your visits, customers, deals and tasks</source>
        <translation>%1 根据你的拜访、客户、商机和任务统计</translation>
    </message>
    <message>
        <source>As submitted</source>
        <translation>提交时的数据</translation>
    </message>
    <message>
        <source>Deadline %1</source>
        <translation>截止时间 %1</translation>
    </message>
    <message>
        <source>submitted %1</source>
        <translation>提交于 %1</translation>
    </message>
    <message>
        <source>waiting to be sent to the server</source>
        <translation>等待同步到服务器</translation>
    </message>
    <message>
        <source>Your team has no template for this kind of report yet. Your manager sets templates up; they arrive with the next sync.</source>
        <translation>团队还没有这类汇报的模板。模板由主管设置，下次同步后即可使用。</translation>
    </message>
    <message>
        <source>This report is submitted and can no longer be changed.</source>
        <translation>该汇报已提交，不能再修改。</translation>
    </message>
    <message>
        <source>You are reading a colleague&apos;s report.</source>
        <translation>你正在查看同事的汇报。</translation>
    </message>
    <message>
        <source>Rating: %1 (%2 of 5)</source>
        <translation>评分：%1（%2 / 5 分）</translation>
    </message>
    <message>
        <source>Not rated yet.</source>
        <translation>尚未评分。</translation>
    </message>
    <message>
        <source>Read by the manager on %1</source>
        <translation>主管已于 %1 阅读</translation>
    </message>
    <message>
        <source>No comments yet. Comments from your manager appear after a sync.</source>
        <translation>暂无点评。主管的点评会在同步后显示。</translation>
    </message>
    <message>
        <source>No comments yet.</source>
        <translation>暂无点评。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Changes not saved yet</source>
        <translation>修改尚未保存</translation>
    </message>
    <message>
        <source>Not written yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <source>Draft saved %1</source>
        <translation>草稿已保存 %1</translation>
    </message>
    <message>
        <source>Please write this section before submitting.</source>
        <translation>提交前请填写此项。</translation>
    </message>
    <message>
        <source>Some required sections are empty: the report was not submitted.</source>
        <translation>有必填项未填写，汇报未提交。</translation>
    </message>
    <message>
        <source>Submit report</source>
        <translation>提交汇报</translation>
    </message>
    <message>
        <source>Submit your %1 for %2?
After submitting you can no longer change it.</source>
        <translation>确定提交 %2 的%1吗？
提交后将不能再修改。</translation>
    </message>
    <message>
        <source>%1 submitted.</source>
        <translation>%1已提交。</translation>
    </message>
    <message>
        <source>This report was already submitted; it can no longer be changed.</source>
        <translation>该汇报已经提交，不能再修改。</translation>
    </message>
    <message>
        <source>The report could not be saved: %1</source>
        <translation>汇报保存失败：%1</translation>
    </message>
</context>
<context>
    <name>ReportListModel</name>
    <message>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>提交人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>点评</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>截止时间：%1</translation>
    </message>
    <message>
        <source>Submitted: %1</source>
        <translation>提交时间：%1</translation>
    </message>
    <message>
        <source>Not yet sent to the server</source>
        <translation>尚未同步到服务器</translation>
    </message>
    <message>
        <source>Read by the manager: %1</source>
        <translation>主管阅读时间：%1</translation>
    </message>
    <message>
        <source>Rated %1 of 5</source>
        <translation>评分 %1 / 5</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Visits made</source>
        <translation>拜访次数</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Deals advanced</source>
        <translation>推进商机</translation>
    </message>
    <message>
        <source>Revenue won</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Tasks done</source>
        <translation>完成任务</translation>
    </message>
    <message>
        <source>Summary of work</source>
        <translation>工作总结</translation>
    </message>
    <message>
        <source>Customer feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <source>Market and competitor news</source>
        <translation>市场与竞品动态</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>遇到的问题</translation>
    </message>
    <message>
        <source>Next plan</source>
        <translation>下一步计划</translation>
    </message>
    <message>
        <source>Not written</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Draft, overdue</source>
        <translation>草稿（已逾期）</translation>
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
        <source>MM-dd</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>Week %1, %2 (%3 – %4)</source>
        <translation>%2年第%1周（%3–%4）</translation>
    </message>
    <message>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>My reports</source>
        <translation>我的汇报</translation>
    </message>
    <message>
        <source>Team reports</source>
        <translation>团队汇报</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Earlier period</source>
        <translation>上一周期</translation>
    </message>
    <message>
        <source>Later period</source>
        <translation>下一周期</translation>
    </message>
    <message>
        <source>Reports: %1</source>
        <translation>汇报：%1 份</translation>
    </message>
</context>
</TS>
