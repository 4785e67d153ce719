<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>LeaderboardPage</name>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>业绩</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Attainment</source>
        <translation>达成率</translation>
    </message>
    <message>
        <source>Gap to the rep above</source>
        <translation>与上一名的差距</translation>
    </message>
    <message>
        <source>Team goal</source>
        <translation>团队目标</translation>
    </message>
    <message>
        <source>Contribution</source>
        <translation>贡献占比</translation>
    </message>
    <message>
        <source>Of the goal</source>
        <translation>占目标</translation>
    </message>
    <message>
        <source>The leaderboard could not be loaded: %1</source>
        <translation>排行榜无法加载：%1</translation>
    </message>
    <message>
        <source>Leading</source>
        <translation>领先</translation>
    </message>
    <message>
        <source>%1 to overtake #%2</source>
        <translation>再多 %1 即可超越第 %2 名</translation>
    </message>
    <message>
        <source>As of the last sync, %1</source>
        <translation>截至上次同步：%1</translation>
    </message>
    <message>
        <source>Live from this computer&apos;s copy (last sync %1)</source>
        <translation>根据本机数据实时计算（上次同步 %1）</translation>
    </message>
    <message>
        <source>Live from this computer&apos;s data</source>
        <translation>根据本机数据实时计算</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source> (me)</source>
        <translation>（我）</translation>
    </message>
    <message>
        <source>Includes %1 not synced yet</source>
        <translation>含 %1 尚未同步</translation>
    </message>
    <message>
        <source>Includes work not synced yet</source>
        <translation>含尚未同步的数据</translation>
    </message>
    <message>
        <source>Team total</source>
        <translation>团队合计</translation>
    </message>
    <message>
        <source>* Includes work not synced yet (provisional).</source>
        <translation>* 含尚未同步的数据（待同步，暂计）。</translation>
    </message>
    <message>
        <source>The team&apos;s figures for this period come with the next sync.</source>
        <translation>本期的团队数据将在下次同步后显示。</translation>
    </message>
    <message>
        <source>No team target for this KPI and period: a manager sets one in Targets.</source>
        <translation>本指标本期尚无团队目标：经理可在“目标”中设定。</translation>
    </message>
    <message>
        <source>A retention rate is a team rate; members do not add up to it.</source>
        <translation>客户保持率是团队比率，不按成员累加。</translation>
    </message>
    <message>
        <source>%1 of %2 reached, %3 to go.</source>
        <translation>已完成 %1 / %2，还差 %3。</translation>
    </message>
    <message>
        <source>Goal reached: %1 of %2.</source>
        <translation>目标已达成：%1 / %2。</translation>
    </message>
    <message>
        <source>%1 of it not synced yet.</source>
        <translation>其中 %1 尚未同步。</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>%1-%2</source>
        <translation>%1年%2月</translation>
    </message>
    <message>
        <source>Q%2 %1</source>
        <translation>%1年第%2季度</translation>
    </message>
    <message>
        <source>%1</source>
        <comment>a year</comment>
        <translation>%1年</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月度</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
</context>
</TS>
