<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AppraisalTab</name>
    <message>
        <source>Revenue against target</source>
        <translation>销售额达成</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访量</translation>
    </message>
    <message>
        <source>Report punctuality</source>
        <translation>汇报及时率</translation>
    </message>
    <message>
        <source>Task completion</source>
        <translation>任务完成率</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>业绩</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>过程</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>考核项</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Target or due</source>
        <translation>目标 / 应完成</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>加权分</translation>
    </message>
    <message>
        <source>Default weights (set the team&apos;s in Configuration).</source>
        <translation>默认权重（可在“设置”中设定团队权重）。</translation>
    </message>
    <message>
        <source>The team&apos;s weights do not add up to 100: the default weights are used.</source>
        <translation>团队权重合计不等于 100，已改用默认权重。</translation>
    </message>
    <message>
        <source>The team&apos;s weights: %1.</source>
        <translation>团队权重：%1。</translation>
    </message>
    <message>
        <source>The period is not over: revenue and visits are compared with the whole period&apos;s targets; reports and tasks count those due so far.</source>
        <translation>本期尚未结束：销售额和拜访量按整期目标计算，汇报和任务只统计截至目前已到期的部分。</translation>
    </message>
    <message>
        <source>Scorecard of %1</source>
        <translation>%1 的考核评分表</translation>
    </message>
    <message>
        <source>not judged</source>
        <translation>不参与考核</translation>
    </message>
    <message>
        <source>Nothing could be judged yet: no targets, reports or tasks were due.</source>
        <translation>暂时无法考核：还没有目标，也没有到期的汇报或任务。</translation>
    </message>
    <message>
        <source>Results %1 + activity %2 = %3 points · grade %4</source>
        <translation>业绩 %1 + 过程 %2 = %3 分 · 等级 %4</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
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
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Q%1 %2</source>
        <translation>%2年第%1季度</translation>
    </message>
    <message>
        <source>Year %1</source>
        <translation>%1年</translation>
    </message>
    <message>
        <source>Earlier period</source>
        <translation>上一期</translation>
    </message>
    <message>
        <source>Later period</source>
        <translation>下一期</translation>
    </message>
</context>
<context>
    <name>PersonCombo</name>
    <message>
        <source>The whole team</source>
        <translation>全团队</translation>
    </message>
</context>
<context>
    <name>SplitDialog</name>
    <message>
        <source>Split the team target</source>
        <translation>分解团队目标</translation>
    </message>
    <message>
        <source>%1 · %2: team target %3</source>
        <translation>%1 · %2：团队目标 %3</translation>
    </message>
    <message>
        <source>Equal parts</source>
        <translation>平均分配</translation>
    </message>
    <message>
        <source>Weighted by %1</source>
        <translation>按 %1 实际业绩加权</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手动分配</translation>
    </message>
    <message>
        <source>A rate is not split: every rep gets the team&apos;s rate as their target.</source>
        <translation>比率类指标不做分解：每位销售的目标都等于团队目标。</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Actual %1</source>
        <translation>%1 实际</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配额</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Each part must be a number.</source>
        <translation>每个配额都必须是数字。</translation>
    </message>
    <message>
        <source>The parts are %1 more than the team target.</source>
        <translation>各配额合计比团队目标多 %1。</translation>
    </message>
    <message>
        <source>The parts are %1 less than the team target.</source>
        <translation>各配额合计比团队目标少 %1。</translation>
    </message>
    <message>
        <source>Use whole numbers for this KPI.</source>
        <translation>该指标请填写整数。</translation>
    </message>
    <message>
        <source>Use at most two decimals (fen).</source>
        <translation>最多保留两位小数（到分）。</translation>
    </message>
    <message>
        <source>A part cannot be negative.</source>
        <translation>配额不能为负数。</translation>
    </message>
    <message>
        <source>The team has no reps to split to.</source>
        <translation>团队中没有可分配的销售。</translation>
    </message>
    <message>
        <source>The parts add up to %1 of the team target %2.</source>
        <translation>各配额合计 %1，团队目标 %2。</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
<context>
    <name>TargetDialog</name>
    <message>
        <source>Edit target</source>
        <translation>编辑目标</translation>
    </message>
    <message>
        <source>New target</source>
        <translation>新建目标</translation>
    </message>
    <message>
        <source>For</source>
        <translation>目标对象</translation>
    </message>
    <message>
        <source>2026-11, 2026-Q4 or 2026</source>
        <translation>如 2026-11、2026-Q4 或 2026</translation>
    </message>
    <message>
        <source>What the target means and how it is reached (SMART)</source>
        <translation>目标的含义以及如何达成（SMART 原则）</translation>
    </message>
    <message>
        <source>The parts of the reps are split again to match the new value.</source>
        <translation>保存后会按新的目标值重新分解到各销售。</translation>
    </message>
    <message>
        <source>A big stretch</source>
        <translation>目标偏高</translation>
    </message>
    <message>
        <source>This target is more than three times last period&apos;s %1. Is it achievable? Save it anyway?</source>
        <translation>这个目标超过上一期实际（%1）的三倍，能够实现吗？仍要保存吗？</translation>
    </message>
    <message>
        <source>A target needs a value above 0.</source>
        <translation>目标值必须大于 0。</translation>
    </message>
    <message>
        <source>A retention rate is at most 100%.</source>
        <translation>客户保持率最高为 100%。</translation>
    </message>
    <message>
        <source>There is already a target for this KPI, period and person: edit that one.</source>
        <translation>该指标、期间和对象已有目标，请编辑已有的目标。</translation>
    </message>
    <message>
        <source>A target covers a month (2026-11), a quarter (2026-Q4) or a year (2026).</source>
        <translation>目标期间应为月（2026-11）、季度（2026-Q4）或年（2026）。</translation>
    </message>
    <message>
        <source>Use a whole number for this KPI.</source>
        <translation>该指标请填写整数。</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
<context>
    <name>Targets</name>
    <message>
        <source>In yuan, e.g. 500000</source>
        <translation>单位：元，如 500000</translation>
    </message>
    <message>
        <source>A percentage of the customers kept, e.g. 90</source>
        <translation>保持客户的百分比，如 90</translation>
    </message>
    <message>
        <source>A whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>No figures yet</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <source>Achieved</source>
        <translation>已达成</translation>
    </message>
    <message>
        <source>Off track</source>
        <translation>落后</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>On track</source>
        <translation>进度正常</translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <source>Targets and progress</source>
        <translation>目标与进度</translation>
    </message>
    <message>
        <source>Appraisal</source>
        <translation>绩效考核</translation>
    </message>
    <message>
        <source>Target saved.</source>
        <translation>目标已保存。</translation>
    </message>
    <message>
        <source>Split to %1 reps; they see their part after their next sync.</source>
        <translation>已分解给 %1 位销售，他们同步后即可看到自己的配额。</translation>
    </message>
    <message>
        <source>Delete the team target %1 and its %2 parts?</source>
        <translation>删除团队目标“%1”及其 %2 个配额？</translation>
    </message>
    <message>
        <source>Delete the target %1?</source>
        <translation>删除目标“%1”？</translation>
    </message>
    <message>
        <source>Delete target</source>
        <translation>删除目标</translation>
    </message>
    <message>
        <source>Target deleted.</source>
        <translation>目标已删除。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出错了：%1</translation>
    </message>
</context>
<context>
    <name>TargetsTab</name>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Target value</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>达成率</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Expected by today</source>
        <translation>截至今天应完成</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New target…</source>
        <translation>新建目标…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Split to reps…</source>
        <translation>分解到销售…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>%1 · team</source>
        <translation>%1 · 团队</translation>
    </message>
    <message>
        <source>%1 of the target reached; %2 of the period gone</source>
        <translation>目标已达成 %1；时间进度 %2</translation>
    </message>
    <message>
        <source>Progress as of %1; the tick on each bar is where a straight line to the target stands today. Off track: 10% or more behind it.</source>
        <translation>进度截至 %1；进度条上的竖线表示按时间均匀推进到今天应完成的位置，落后 10% 及以上即为“落后”。</translation>
    </message>
    <message>
        <source>The team&apos;s figures as of %1 (the last sync).</source>
        <translation>团队数据截至 %1（上次同步）。</translation>
    </message>
    <message>
        <source>The team&apos;s figures arrive with the next sync.</source>
        <translation>团队数据将在下次同步后显示。</translation>
    </message>
    <message>
        <source>No targets for this period yet.</source>
        <translation>本期还没有目标。</translation>
    </message>
    <message>
        <source>The team&apos;s target; your part is listed below it.</source>
        <translation>这是团队目标，下方是您的配额。</translation>
    </message>
    <message>
        <source>The team&apos;s target; no part of it is yours.</source>
        <translation>这是团队目标，其中没有分配给您的配额。</translation>
    </message>
    <message>
        <source>Split to %1 reps: %2.</source>
        <translation>已分解给 %1 位销售：%2。</translation>
    </message>
    <message>
        <source>Not split to the reps yet.</source>
        <translation>尚未分解到销售。</translation>
    </message>
    <message>
        <source>Without a part: %1 (split again to include them).</source>
        <translation>没有配额的销售：%1（重新分解即可包含他们）。</translation>
    </message>
    <message>
        <source>A part of the team target; change it by splitting again.</source>
        <translation>这是团队目标的一部分，如需修改请重新分解。</translation>
    </message>
</context>
</TS>
