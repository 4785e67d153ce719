<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DashboardPage</name>
    <message>
        <source>Export to Excel…</source>
        <translation>导出为 Excel…</translation>
    </message>
    <message>
        <source>Export to PDF…</source>
        <translation>导出为 PDF…</translation>
    </message>
    <message>
        <source>%1 · revenue %2 · %3 deals opened</source>
        <translation>%1 · 销售额 %2 · 新增商机 %3 个</translation>
    </message>
    <message>
        <source>Revenue by month (10,000 yuan)</source>
        <translation>月度销售额（万元）</translation>
    </message>
    <message>
        <source>Revenue won</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>Funnel: deals opened since the period began</source>
        <translation>销售漏斗：本期以来新建的商机</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Activity per rep</source>
        <translation>各销售代表的活动量</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Tasks done</source>
        <translation>完成任务</translation>
    </message>
    <message>
        <source>Revenue target attainment per rep (%)</source>
        <translation>各销售代表销售额目标达成率（%）</translation>
    </message>
    <message>
        <source>Attainment %</source>
        <translation>达成率 %</translation>
    </message>
    <message>
        <source>Revenue target attainment per rep: no revenue targets for this period</source>
        <translation>销售额目标达成率：本期尚无销售额目标</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>数据看板</translation>
    </message>
    <message>
        <source>Revenue trend</source>
        <translation>销售额趋势</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>销售漏斗</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>到达数</translation>
    </message>
    <message>
        <source>To next stage %</source>
        <translation>转化到下一阶段 %</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动量</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <source>Attainment</source>
        <translation>达成率</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Team dashboard · %1</source>
        <translation>团队数据看板 · %1</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export the dashboard</source>
        <translation>导出数据看板</translation>
    </message>
    <message>
        <source>Dashboard exported to %1</source>
        <translation>数据看板已导出到 %1</translation>
    </message>
    <message>
        <source>The dashboard was not exported: %1</source>
        <translation>数据看板未能导出：%1</translation>
    </message>
</context>
</TS>
