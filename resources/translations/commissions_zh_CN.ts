<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AssignmentDialog</name>
    <message>
        <source>Assign a commission plan</source>
        <translation>分配提成方案</translation>
    </message>
    <message>
        <source>Ends before it starts.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
</context>
<context>
    <name>CommissionsPage</name>
    <message>
        <source>Statement</source>
        <translation>提成明细</translation>
    </message>
    <message>
        <source>Or another amount, e.g. 50000</source>
        <translation>或输入其他金额，例如 50000</translation>
    </message>
    <message>
        <source>Calculate</source>
        <translation>测算</translation>
    </message>
    <message>
        <source>What if I win…</source>
        <translation>如果我签下……</translation>
    </message>
    <message>
        <source>Tick open deals and/or type an amount won on top:</source>
        <translation>勾选进行中的商机，和/或输入额外成交金额：</translation>
    </message>
    <message>
        <source>Statements</source>
        <translation>提成明细</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>提成方案</translation>
    </message>
    <message>
        <source>Assignments</source>
        <translation>方案分配</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Base rate</source>
        <translation>基础提成比例</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>阶梯</translation>
    </message>
    <message>
        <source>Accelerator</source>
        <translation>超额加速</translation>
    </message>
    <message>
        <source>Bonus per new customer</source>
        <translation>新客户奖励（每位）</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>封顶</translation>
    </message>
    <message>
        <source>New plan…</source>
        <translation>新建方案…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Assign a plan…</source>
        <translation>分配方案…</translation>
    </message>
    <message>
        <source>%1 · plan %2</source>
        <translation>%1 · 方案：%2</translation>
    </message>
    <message>
        <source>No commission plan is assigned for this period.</source>
        <translation>本期未分配提成方案。</translation>
    </message>
    <message>
        <source>Assign one on the Assignments tab.</source>
        <translation>请在“方案分配”页中分配。</translation>
    </message>
    <message>
        <source>The assigned plan has errors; a manager must correct it.</source>
        <translation>所分配的方案有误，需要经理修正。</translation>
    </message>
    <message>
        <source>%1 (inactive)</source>
        <translation>%1（已停用）</translation>
    </message>
    <message>
        <source>open</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>Type an amount in yuan, e.g. 50000.</source>
        <translation>请输入以元为单位的金额，例如 50000。</translation>
    </message>
    <message>
        <source>No commission plan applies.</source>
        <translation>没有适用的提成方案。</translation>
    </message>
    <message>
        <source>Commission %1 → %2: %3 more.</source>
        <translation>提成 %1 → %2：多得 %3。</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Commission plan</source>
        <translation>提成方案</translation>
    </message>
    <message>
        <source>New commission plan</source>
        <translation>新建提成方案</translation>
    </message>
    <message>
        <source>Rates are percent. Tier rates apply to the revenue inside each band of quota attainment (like tax brackets) and add to the base rate; the last tier has no upper limit. Revenue above the accelerator&apos;s attainment earns its rate times the multiplier. The cap is the most one statement pays.</source>
        <translation>比例均为百分比。阶梯比例只适用于落在各达成率区间内的销售额（类似累进税率），并与基础比例相加；最后一档没有上限。超过加速起点达成率的销售额按其比例乘以加速倍数计算。封顶为一期提成的最高金额。</translation>
    </message>
    <message>
        <source>the first tier starts at 0%</source>
        <translation>第一档须从 0% 开始</translation>
    </message>
    <message>
        <source>tiers must not overlap</source>
        <translation>各档区间不能重叠</translation>
    </message>
    <message>
        <source>must start where the previous tier ends</source>
        <translation>须从上一档的结束处开始</translation>
    </message>
    <message>
        <source>the last tier has no upper limit (leave To empty)</source>
        <translation>最后一档没有上限（“至”留空）</translation>
    </message>
    <message>
        <source>To must be above From</source>
        <translation>“至”必须大于“从”</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>不能为负数</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>Tier %1: %2</source>
        <translation>第 %1 档：%2</translation>
    </message>
</context>
<context>
    <name>StatementView</name>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>计提基数</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Base rate</source>
        <translation>基础提成</translation>
    </message>
    <message>
        <source>%1%–%2% of quota</source>
        <translation>达成率 %1%–%2%</translation>
    </message>
    <message>
        <source>above %1% of quota</source>
        <translation>达成率 %1% 以上</translation>
    </message>
    <message>
        <source>Tier %1 (%2)</source>
        <translation>第 %1 档（%2）</translation>
    </message>
    <message>
        <source>Accelerator ×%1 above %2% of quota</source>
        <translation>超额加速 ×%1（达成率 %2% 以上）</translation>
    </message>
    <message>
        <source>Bonus per new customer</source>
        <translation>新客户奖励</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>封顶</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Revenue %1 · quota %2 · attainment %3 · new customers %4</source>
        <translation>销售额 %1 · 指标 %2 · 达成率 %3 · 新增客户 %4</translation>
    </message>
    <message>
        <source>subtotal %1</source>
        <translation>小计 %1</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>No revenue target for this period: tiers and the accelerator need one.</source>
        <translation>本期没有销售额目标：阶梯和超额加速需要目标才能计算。</translation>
    </message>
</context>
<context>
    <name>TiersEditor</name>
    <message>
        <source>From % of quota</source>
        <translation>从（达成率 %）</translation>
    </message>
    <message>
        <source>To % (empty: no limit)</source>
        <translation>至（%，留空为无上限）</translation>
    </message>
    <message>
        <source>Rate %</source>
        <translation>比例 %</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>添加一档</translation>
    </message>
    <message>
        <source>Remove tier</source>
        <translation>删除一档</translation>
    </message>
</context>
</TS>
