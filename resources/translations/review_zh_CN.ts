<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Review</name>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Submitted late</source>
        <translation>逾期提交</translation>
    </message>
    <message>
        <source>Not due yet</source>
        <translation>未到截止时间</translation>
    </message>
    <message>
        <source>Not submitted</source>
        <translation>未提交</translation>
    </message>
    <message>
        <source>Not received yet</source>
        <translation>尚未收到</translation>
    </message>
    <message>
        <source>Not submitted by the deadline (the rep has synced since then).</source>
        <translation>截止时间前未提交（该销售此后已同步过）。</translation>
    </message>
    <message>
        <source>Not in your copy after the deadline: not written, or written offline and not synced yet. Nothing the rep did after the deadline has reached the server so far.</source>
        <translation>已过截止时间，您的数据中仍没有这份汇报：可能没写，也可能已离线写好但尚未同步。截止时间之后，该销售还没有任何数据同步到服务器。</translation>
    </message>
    <message>
        <source>%1 (draft written)</source>
        <translation>%1（有草稿）</translation>
    </message>
    <message>
        <source>%1, not synced yet</source>
        <translation>%1，尚未同步</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Every report</source>
        <translation>全部汇报</translation>
    </message>
    <message>
        <source>Not reported by the deadline</source>
        <translation>截止未交</translation>
    </message>
    <message>
        <source>Submitted late</source>
        <translation>逾期提交</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>未读</translation>
    </message>
    <message>
        <source>Not rated</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Save the submitted reports of the period shown as a PDF file</source>
        <translation>将当前周期已提交的汇报保存为 PDF 文件</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>数据统计</translation>
    </message>
    <message>
        <source>%1 of %2 reports due are in</source>
        <translation>应交 %2 份，已交 %1 份</translation>
    </message>
    <message>
        <source>%1 late</source>
        <translation>逾期 %1 份</translation>
    </message>
    <message>
        <source>%1 not submitted</source>
        <translation>未交 %1 份</translation>
    </message>
    <message>
        <source>%1 not received yet</source>
        <translation>尚未收到 %1 份</translation>
    </message>
    <message>
        <source>%1 not due yet</source>
        <translation>未到期 %1 份</translation>
    </message>
    <message>
        <source>%1 unread</source>
        <translation>未读 %1 份</translation>
    </message>
    <message>
        <source>Your team has no active report template: set them up in Configuration.</source>
        <translation>团队还没有启用的汇报模板，请在“设置”中配置。</translation>
    </message>
    <message>
        <source>This copy has never synced with the server: it holds only the reports written on this computer.</source>
        <translation>本机数据从未与服务器同步，只包含在这台电脑上写的汇报。</translation>
    </message>
    <message>
        <source>As of your last sync at %1. Reports written offline arrive when the rep and then you sync.</source>
        <translation>数据截至您上次同步（%1）。离线写的汇报要等销售同步、您再同步后才能看到。</translation>
    </message>
    <message>
        <source>Not reported by the deadline (%1)</source>
        <translation>截止未交（%1）</translation>
    </message>
    <message>
        <source>Everyone has reported so far.</source>
        <translation>目前所有人都已按时汇报。</translation>
    </message>
    <message>
        <source>%1 (not received yet)</source>
        <translation>%1（尚未收到）</translation>
    </message>
    <message>
        <source>Choose a report in the list to read and review it.</source>
        <translation>在列表中选择一份汇报进行审阅。</translation>
    </message>
    <message>
        <source>%1 has not written the %2 for %3.</source>
        <translation>%1 还没有提交 %3 的%2。</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>截止时间：%1</translation>
    </message>
    <message>
        <source>The latest work of %1 in your copy was made %2.</source>
        <translation>您的数据中，%1 最近一次的工作记录创建于 %2。</translation>
    </message>
    <message>
        <source>Export reports to PDF</source>
        <translation>导出汇报为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF could not be written: %1</source>
        <translation>无法写入 PDF：%1</translation>
    </message>
    <message>
        <source>%1 reports of %2 saved to %3</source>
        <translation>%2 的 %1 份汇报已保存到 %3</translation>
    </message>
    <message>
        <source>The reports could not be loaded: %1</source>
        <translation>无法加载汇报：%1</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Your review</source>
        <translation>我的审阅</translation>
    </message>
    <message>
        <source>Score:</source>
        <translation>评分：</translation>
    </message>
    <message>
        <source>Rate %1 of 5</source>
        <translation>评 %1 分（满分 5 分）</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>添加批注</translation>
    </message>
    <message>
        <source>%1 of 5</source>
        <translation>%1 分（满分 5 分）</translation>
    </message>
    <message>
        <source>Not rated yet</source>
        <translation>尚未评分</translation>
    </message>
    <message>
        <source>A comment for %1…</source>
        <translation>给 %1 的批注…</translation>
    </message>
    <message>
        <source>The rep sees your score and comments after their next sync.</source>
        <translation>销售下次同步后即可看到您的评分和批注。</translation>
    </message>
    <message>
        <source>Only a submitted report can be rated and commented.</source>
        <translation>只有已提交的汇报才能评分和批注。</translation>
    </message>
    <message>
        <source>Rated %1 of 5.</source>
        <translation>已评 %1 分。</translation>
    </message>
    <message>
        <source>Write a comment first.</source>
        <translation>请先填写批注内容。</translation>
    </message>
    <message>
        <source>Comment added; %1 sees it after the next sync.</source>
        <translation>批注已添加，%1 同步后即可看到。</translation>
    </message>
    <message>
        <source>the rep</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>The review could not be saved: %1</source>
        <translation>无法保存审阅：%1</translation>
    </message>
    <message>
        <source>This report no longer exists.</source>
        <translation>这份汇报已不存在。</translation>
    </message>
</context>
<context>
    <name>ReviewPdf</name>
    <message>
        <source>Submitted %1</source>
        <translation>提交于 %1</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>late</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>deadline %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <source>template %1</source>
        <translation>模板：%1</translation>
    </message>
    <message>
        <source>Score: %1 (%2 of 5)</source>
        <translation>评分：%1（%2 分，满分 5 分）</translation>
    </message>
    <message>
        <source>Team reports · %1</source>
        <translation>团队汇报 · %1</translation>
    </message>
    <message>
        <source>%1 reports · made %2</source>
        <translation>共 %1 份汇报 · 生成于 %2</translation>
    </message>
    <message>
        <source>No submitted reports in this period.</source>
        <translation>该期间没有已提交的汇报。</translation>
    </message>
</context>
<context>
    <name>ReviewTableModel</name>
    <message>
        <source>Rep</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>汇报</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>已读</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>未读</translation>
    </message>
</context>
</TS>
