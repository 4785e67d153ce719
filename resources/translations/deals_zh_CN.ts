<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CardDelegate</name>
    <message>
        <source>Close %1</source>
        <translation>预计 %1 成交</translation>
    </message>
    <message>
        <source>No close date</source>
        <translation>未定成交日期</translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation>%1 关闭</translation>
    </message>
    <message>
        <source>Stuck %1 d</source>
        <translation>停滞 %1 天</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>DealDetailDialog</name>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Mark lost…</source>
        <translation>标记输单…</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>New task…</source>
        <translation>新建任务…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>赢率</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <source>In stage since</source>
        <translation>进入本阶段时间</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>关闭日期</translation>
    </message>
    <message>
        <source>Reason lost</source>
        <translation>输单原因</translation>
    </message>
    <message>
        <source>* required before the deal moves on</source>
        <translation>* 为推进到下一阶段前的必做项</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Stage history</source>
        <translation>阶段历史</translation>
    </message>
    <message>
        <source>Add a note and press Enter</source>
        <translation>输入跟进记录后按回车</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>This deal was deleted.</source>
        <translation>该商机已删除。</translation>
    </message>
    <message>
        <source>Only a manager can reopen a won deal.</source>
        <translation>只有经理可以重新打开已成交的商机。</translation>
    </message>
    <message>
        <source>In this stage for %1 days (more than %2).</source>
        <translation>已在本阶段停留 %1 天（超过 %2 天）。</translation>
    </message>
    <message>
        <source>The expected close date passed %1 days ago.</source>
        <translation>已超过预计成交日期 %1 天。</translation>
    </message>
    <message>
        <source>Checklist: %1</source>
        <translation>阶段检查清单：%1</translation>
    </message>
    <message>
        <source>Required before the deal moves on</source>
        <translation>推进到下一阶段前必须完成</translation>
    </message>
    <message>
        <source>No checklist for this stage</source>
        <translation>本阶段没有检查项</translation>
    </message>
</context>
<context>
    <name>DealDialog</name>
    <message>
        <source>(no contact)</source>
        <translation>（不指定联系人）</translation>
    </message>
    <message>
        <source>Edit deal</source>
        <translation>编辑商机</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>新建商机</translation>
    </message>
    <message>
        <source>Only a manager can give a deal to another rep.</source>
        <translation>只有经理可以把商机转给其他销售。</translation>
    </message>
</context>
<context>
    <name>DealRules</name>
    <message>
        <source>A new deal starts in an open stage.</source>
        <translation>新商机必须从进行中的阶段开始。</translation>
    </message>
    <message>
        <source>Move the deal on the board to change its stage.</source>
        <translation>请在看板上拖动商机来改变阶段。</translation>
    </message>
    <message>
        <source>Only a manager can reopen a won deal.</source>
        <translation>只有经理可以重新打开已成交的商机。</translation>
    </message>
    <message>
        <source>The pipeline has no lost stage.</source>
        <translation>销售流程中没有输单阶段。</translation>
    </message>
    <message>
        <source>The pipeline has no open stage.</source>
        <translation>销售流程中没有进行中的阶段。</translation>
    </message>
</context>
<context>
    <name>DealsPage</name>
    <message>
        <source>Search deals or customers…</source>
        <translation>搜索商机或客户…</translation>
    </message>
    <message>
        <source>All closed deals</source>
        <translation>显示全部已关闭商机</translation>
    </message>
    <message>
        <source>Without this, the won and lost columns show the last 30 days</source>
        <translation>不勾选时，成交和输单列只显示最近 30 天的商机</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>漏斗</translation>
    </message>
    <message>
        <source>New deal…</source>
        <translation>新建商机…</translation>
    </message>
    <message>
        <source>Open checklist</source>
        <translation>打开检查清单</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>All reps</source>
        <translation>全部销售</translation>
    </message>
    <message>
        <source>Only a manager can reopen a won deal (its revenue was booked).</source>
        <translation>只有经理可以重新打开已成交的商机（其销售额已入账）。</translation>
    </message>
    <message>
        <source>Reopen deal</source>
        <translation>重新打开商机</translation>
    </message>
    <message>
        <source>“%1” is closed (%2). Move it to %3 and reopen it?</source>
        <translation>“%1”已关闭（%2）。要移到“%3”并重新打开吗？</translation>
    </message>
    <message>
        <source>“%1” moved to %2.</source>
        <translation>“%1”已移到“%2”。</translation>
    </message>
    <message>
        <source>“%1” cannot move to %2 yet. Tick these required items first:</source>
        <translation>“%1”暂时不能推进到“%2”，请先完成以下必做项：</translation>
    </message>
    <message>
        <source>Give a reason why the deal was lost.</source>
        <translation>请填写输单原因。</translation>
    </message>
    <message>
        <source>“%1” is closed; reopen it first.</source>
        <translation>“%1”已关闭，请先重新打开。</translation>
    </message>
    <message>
        <source>%1 is no longer in use.</source>
        <translation>“%1”已停用。</translation>
    </message>
    <message>
        <source>This stage no longer exists.</source>
        <translation>该阶段已不存在。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>移到</translation>
    </message>
    <message>
        <source>Mark lost…</source>
        <translation>标记输单…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>“%1” marked lost.</source>
        <translation>“%1”已标记为输单。</translation>
    </message>
    <message>
        <source>Reopen “%1”?</source>
        <translation>重新打开“%1”？</translation>
    </message>
    <message>
        <source>“%1” reopened.</source>
        <translation>“%1”已重新打开。</translation>
    </message>
    <message>
        <source>Delete deal</source>
        <translation>删除商机</translation>
    </message>
    <message>
        <source>Delete the deal “%1”?</source>
        <translation>删除商机“%1”？</translation>
    </message>
    <message>
        <source>Deal “%1” deleted.</source>
        <translation>商机“%1”已删除。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>FunnelChart</name>
    <message>
        <source>No deals yet</source>
        <translation>暂无商机</translation>
    </message>
</context>
<context>
    <name>FunnelView</name>
    <message>
        <source>Opened this month</source>
        <translation>本月新建</translation>
    </message>
    <message>
        <source>Opened this quarter</source>
        <translation>本季度新建</translation>
    </message>
    <message>
        <source>Opened this year</source>
        <translation>本年新建</translation>
    </message>
    <message>
        <source>Opened in the last 12 months</source>
        <translation>最近 12 个月新建</translation>
    </message>
    <message>
        <source>All deals</source>
        <translation>全部商机</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Deals now</source>
        <translation>当前商机数</translation>
    </message>
    <message>
        <source>Amount now</source>
        <translation>当前金额</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>加权金额</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>到达数</translation>
    </message>
    <message>
        <source>To next stage</source>
        <translation>转化到下一阶段</translation>
    </message>
    <message>
        <source>Avg. days in stage</source>
        <translation>平均停留天数</translation>
    </message>
    <message>
        <source>Deals that reached this stage or a later one</source>
        <translation>到达本阶段或之后阶段的商机数</translation>
    </message>
    <message>
        <source>Share of the deals reaching this stage that reached the next</source>
        <translation>到达本阶段的商机中进入下一阶段的比例</translation>
    </message>
    <message>
        <source>Average days deals spent in the stage before moving on</source>
        <translation>商机离开本阶段前平均停留的天数</translation>
    </message>
    <message>
        <source>%1 deals · %2 won · %3 lost</source>
        <translation>%1 个商机 · 成交 %2 · 输单 %3</translation>
    </message>
</context>
<context>
    <name>LostReasonDialog</name>
    <message>
        <source>Mark deal lost</source>
        <translation>标记输单</translation>
    </message>
    <message>
        <source>Why was “%1” lost?</source>
        <translation>“%1”为什么输单？</translation>
    </message>
    <message>
        <source>Choose or type the reason</source>
        <translation>选择或填写原因</translation>
    </message>
    <message>
        <source>Mark lost</source>
        <translation>标记输单</translation>
    </message>
    <message>
        <source>Please give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>LostReasons</name>
    <message>
        <source>Price too high</source>
        <translation>价格偏高</translation>
    </message>
    <message>
        <source>Chose a competitor</source>
        <translation>选择了竞争对手</translation>
    </message>
    <message>
        <source>Not enough budget</source>
        <translation>预算不足</translation>
    </message>
    <message>
        <source>Project cancelled</source>
        <translation>项目取消</translation>
    </message>
    <message>
        <source>Needs changed</source>
        <translation>需求变化</translation>
    </message>
    <message>
        <source>Could not reach the decision maker</source>
        <translation>无法接触到决策人</translation>
    </message>
</context>
<context>
    <name>StageColumn</name>
    <message>
        <source>Collapse this column</source>
        <translation>收起此列</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>显示更多</translation>
    </message>
    <message>
        <source>Closed deals: the last 30 days unless all are shown</source>
        <translation>已关闭商机：默认只显示最近 30 天</translation>
    </message>
    <message>
        <source>Show this column</source>
        <translation>展开此列</translation>
    </message>
    <message>
        <source>Show %1 more</source>
        <translation>再显示 %1 个</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>已显示 %1 / 共 %2</translation>
    </message>
</context>
<context>
    <name>Stages</name>
    <message>
        <source>Lead identified</source>
        <translation>潜在客户识别</translation>
    </message>
    <message>
        <source>First contact</source>
        <translation>初步接触</translation>
    </message>
    <message>
        <source>Needs analysis</source>
        <translation>需求分析</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>方案制定</translation>
    </message>
    <message>
        <source>Quote and negotiation</source>
        <translation>报价与谈判</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>签约成交</translation>
    </message>
    <message>
        <source>After-sales service</source>
        <translation>售后服务</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>Confirm the customer&apos;s basic information</source>
        <translation>确认客户基本信息</translation>
    </message>
    <message>
        <source>Judge how well the needs match</source>
        <translation>判断需求匹配度</translation>
    </message>
    <message>
        <source>Record where the customer came from</source>
        <translation>记录客户来源</translation>
    </message>
    <message>
        <source>First visit or phone call</source>
        <translation>首次拜访或电话沟通</translation>
    </message>
    <message>
        <source>Identify the key contact</source>
        <translation>确定关键联系人</translation>
    </message>
    <message>
        <source>Send the company introduction</source>
        <translation>发送公司介绍资料</translation>
    </message>
    <message>
        <source>Complete the needs survey</source>
        <translation>完成需求调研</translation>
    </message>
    <message>
        <source>Confirm the budget range</source>
        <translation>确认预算范围</translation>
    </message>
    <message>
        <source>Confirm the decision process and decision makers</source>
        <translation>确认决策流程与决策人</translation>
    </message>
    <message>
        <source>Submit the solution</source>
        <translation>提交解决方案</translation>
    </message>
    <message>
        <source>Customer confirms the solution</source>
        <translation>客户确认方案</translation>
    </message>
    <message>
        <source>Technical exchange or product demo</source>
        <translation>技术交流或产品演示</translation>
    </message>
    <message>
        <source>Submit the formal quotation</source>
        <translation>提交正式报价</translation>
    </message>
    <message>
        <source>Complete the commercial negotiation</source>
        <translation>完成商务谈判</translation>
    </message>
    <message>
        <source>Confirm the contract terms</source>
        <translation>确认合同条款</translation>
    </message>
    <message>
        <source>Contract signed</source>
        <translation>合同签署</translation>
    </message>
    <message>
        <source>First payment received</source>
        <translation>首付款到账</translation>
    </message>
    <message>
        <source>Delivery accepted</source>
        <translation>交付验收</translation>
    </message>
    <message>
        <source>Customer satisfaction follow-up</source>
        <translation>客户满意度回访</translation>
    </message>
</context>
</TS>
