<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ContactDialog</name>
    <message>
        <source>Edit contact</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>新建联系人</translation>
    </message>
</context>
<context>
    <name>CustomerDetail</name>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Select a customer to see the details.</source>
        <translation>在左侧选择一个客户，即可查看详情。</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>信用代码</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Add contact…</source>
        <translation>添加联系人…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Add a note and press Enter</source>
        <translation>输入跟进记录，按回车添加</translation>
    </message>
    <message>
        <source>Remove contact</source>
        <translation>移除联系人</translation>
    </message>
    <message>
        <source>Remove %1 from this customer?</source>
        <translation>要从该客户中移除联系人 %1 吗？</translation>
    </message>
    <message>
        <source>Contact %1 removed.</source>
        <translation>已移除联系人 %1。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Edit customer</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Search name, phone, address, contact…</source>
        <translation>搜索名称、电话、地址、联系人…</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>New customer…</source>
        <translation>新建客户…</translation>
    </message>
    <message>
        <source>New customer (Ctrl+N)</source>
        <translation>新建客户（Ctrl+N）</translation>
    </message>
    <message>
        <source>All provinces</source>
        <translation>全部省份</translation>
    </message>
    <message>
        <source>All cities</source>
        <translation>全部城市</translation>
    </message>
    <message>
        <source>%1 customers</source>
        <translation>共 %1 个客户</translation>
    </message>
    <message>
        <source>Delete customer</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <source>Delete %1 with its contacts, deals and visits?
You can undo this right after, or restore it later from the recycle bin.</source>
        <translation>删除 %1 及其联系人、商机和拜访记录吗？
删除后可以立即撤销，也可以稍后从回收站恢复。</translation>
    </message>
    <message>
        <source>%1 deleted.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>Duplicates</name>
    <message>
        <source>same credit code</source>
        <translation>统一社会信用代码相同</translation>
    </message>
    <message>
        <source>same phone number</source>
        <translation>电话号码相同</translation>
    </message>
    <message>
        <source>same mobile number as contact %1</source>
        <translation>与联系人 %1 的手机号码相同</translation>
    </message>
    <message>
        <source>nearly the same name</source>
        <translation>名称几乎相同</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <source>Add feedback</source>
        <translation>添加客户反馈</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
<context>
    <name>FeedbackTab</name>
    <message>
        <source>Feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <source>Add feedback…</source>
        <translation>添加反馈…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Feedback cannot be edited; delete it and add it again</source>
        <translation>反馈不能修改；如需更正，请删除后重新添加</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>No feedback recorded yet.</source>
        <translation>还没有客户反馈记录。</translation>
    </message>
    <message>
        <source>Records: %1</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>Records: %1 · average satisfaction %2 / 5 (rated: %3)</source>
        <translation>共 %1 条 · 平均满意度 %2 / 5（%3 条评分）</translation>
    </message>
    <message>
        <source>Delete feedback</source>
        <translation>删除反馈</translation>
    </message>
    <message>
        <source>Delete this feedback?
%1</source>
        <translation>确定删除这条反馈吗？
%1</translation>
    </message>
    <message>
        <source>Feedback deleted.</source>
        <translation>反馈已删除。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <source>This may already be in SalesDesk:</source>
        <translation>SalesDesk 中可能已有这条记录：</translation>
    </message>
    <message>
        <source>Press Save again to save it anyway.</source>
        <translation>如仍要保存，请再次点击“保存”。</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Visit planned</source>
        <translation>计划拜访</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Visit cancelled</source>
        <translation>拜访已取消</translation>
    </message>
    <message>
        <source>Deal created</source>
        <translation>新建商机</translation>
    </message>
    <message>
        <source>Deal moved</source>
        <translation>商机推进</translation>
    </message>
    <message>
        <source>Deal won</source>
        <translation>商机赢单</translation>
    </message>
    <message>
        <source>Deal lost</source>
        <translation>商机输单</translation>
    </message>
    <message>
        <source>Task created</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Task done</source>
        <translation>任务完成</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Mentioned in a report</source>
        <translation>汇报中提及</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>汇报</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1：%2 → %3</translation>
    </message>
    <message>
        <source>%1 (due %2)</source>
        <translation>%1（截止 %2）</translation>
    </message>
</context>
<context>
    <name>TimelineTab</name>
    <message>
        <source>Timeline</source>
        <translation>客户动态</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation>共 %1 条动态</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>拜访结果：%1</translation>
    </message>
    <message>
        <source>Next step: %1</source>
        <translation>下一步：%1</translation>
    </message>
</context>
</TS>
