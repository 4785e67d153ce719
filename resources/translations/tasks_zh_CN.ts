<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ReminderEdit</name>
    <message>
        <source>Before due</source>
        <translation>提前提醒</translation>
    </message>
    <message>
        <source>At the due time</source>
        <translation>到期时</translation>
    </message>
    <message>
        <source>15 minutes before</source>
        <translation>提前 15 分钟</translation>
    </message>
    <message>
        <source>1 hour before</source>
        <translation>提前 1 小时</translation>
    </message>
    <message>
        <source>1 day before</source>
        <translation>提前 1 天</translation>
    </message>
</context>
<context>
    <name>TaskDetail</name>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>执行人</translation>
    </message>
    <message>
        <source>Assigned by</source>
        <translation>指派人</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>任务说明</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Select a task to see the details.</source>
        <translation>选择一个任务查看详情。</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>No description.</source>
        <translation>无说明。</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Untick: no due date</source>
        <translation>取消勾选：不设截止时间</translation>
    </message>
    <message>
        <source>Untick: no reminder</source>
        <translation>取消勾选：不提醒</translation>
    </message>
    <message>
        <source>(no deal)</source>
        <translation>（不关联商机）</translation>
    </message>
    <message>
        <source>Edit task</source>
        <translation>编辑任务</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Only a manager can assign tasks to others.</source>
        <translation>只有经理可以把任务指派给他人。</translation>
    </message>
</context>
<context>
    <name>TaskReminders</name>
    <message>
        <source>Task due</source>
        <translation>任务到期提醒</translation>
    </message>
    <message>
        <source>Tasks due</source>
        <translation>任务到期提醒</translation>
    </message>
    <message>
        <source>%1 more tasks are due.</source>
        <translation>另有 %1 个任务已到期。</translation>
    </message>
    <message>
        <source>%1 (due %2)</source>
        <translation>%1（截止 %2）</translation>
    </message>
</context>
<context>
    <name>TaskRules</name>
    <message>
        <source>Only a manager can assign tasks to others.</source>
        <translation>只有经理可以把任务指派给他人。</translation>
    </message>
    <message>
        <source>The reminder must not be after the due time.</source>
        <translation>提醒时间不能晚于截止时间。</translation>
    </message>
    <message>
        <source>Choose someone in your team.</source>
        <translation>请选择本团队的成员。</translation>
    </message>
    <message>
        <source>This deal belongs to another customer.</source>
        <translation>该商机属于其他客户。</translation>
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message>
        <source>Tick a task to complete it</source>
        <translation>勾选即完成任务</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Customer / deal</source>
        <translation>客户 / 商机</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>执行人</translation>
    </message>
    <message>
        <source>Assigned by</source>
        <translation>指派人</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Search tasks or customers…</source>
        <translation>搜索任务或客户…</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Open and done</source>
        <translation>待办和已完成</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>全部优先级</translation>
    </message>
    <message>
        <source>New task…</source>
        <translation>新建任务…</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>指派给我的</translation>
    </message>
    <message>
        <source>Assigned by me</source>
        <translation>我指派的</translation>
    </message>
    <message>
        <source>Everyone in the team</source>
        <translation>团队全部</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>指派给 %1</translation>
    </message>
    <message>
        <source>%1 tasks</source>
        <translation>%1 个任务</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Delete task</source>
        <translation>删除任务</translation>
    </message>
    <message>
        <source>Delete the task “%1”?</source>
        <translation>删除任务“%1”？</translation>
    </message>
    <message>
        <source>Task “%1” deleted.</source>
        <translation>任务“%1”已删除。</translation>
    </message>
</context>
</TS>
