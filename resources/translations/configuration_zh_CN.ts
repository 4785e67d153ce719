<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AppraisalWeightsTab</name>
    <message>
        <source>The appraisal scorecard weighs results (revenue against target) and activity (visits, report punctuality, task completion). The weights add up to 100.</source>
        <translation>绩效考核按权重综合业绩（销售额达成）和过程（拜访量、汇报及时率、任务完成率），各项权重合计为 100。</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Default weights</source>
        <translation>恢复默认权重</translation>
    </message>
    <message>
        <source>Save weights</source>
        <translation>保存权重</translation>
    </message>
    <message>
        <source>Appraisal</source>
        <translation>绩效考核</translation>
    </message>
    <message>
        <source>The team has no weights of its own yet: the defaults.</source>
        <translation>团队尚未设定自己的权重，目前使用默认权重。</translation>
    </message>
    <message>
        <source>The stored weights are not valid, so the defaults are used until saved.</source>
        <translation>已保存的权重无效，重新保存前使用默认权重。</translation>
    </message>
    <message>
        <source>%1 of 100</source>
        <translation>%1 / 100</translation>
    </message>
    <message>
        <source>Appraisal weights saved; the team gets them with the next sync.</source>
        <translation>考核权重已保存，团队成员同步后生效。</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
<context>
    <name>Configuration</name>
    <message>
        <source>A template needs at least one section.</source>
        <translation>模板至少需要一个栏目。</translation>
    </message>
    <message>
        <source>Each section needs a title.</source>
        <translation>每个栏目都需要标题。</translation>
    </message>
    <message>
        <source>This section&apos;s key is not valid.</source>
        <translation>该栏目的标识无效。</translation>
    </message>
    <message>
        <source>Two sections have the same key.</source>
        <translation>有两个栏目的标识相同。</translation>
    </message>
    <message>
        <source>This figure is not known.</source>
        <translation>无法识别该统计项。</translation>
    </message>
    <message>
        <source>Choose a day of the week.</source>
        <translation>请选择星期几。</translation>
    </message>
    <message>
        <source>Choose a day from 1 to 31.</source>
        <translation>请选择 1 到 31 日。</translation>
    </message>
    <message>
        <source>Another active stage has this name.</source>
        <translation>已有同名的启用阶段。</translation>
    </message>
    <message>
        <source>A won stage has probability 100%.</source>
        <translation>成交阶段的赢率为 100%。</translation>
    </message>
    <message>
        <source>A lost stage has probability 0%.</source>
        <translation>输单阶段的赢率为 0%。</translation>
    </message>
    <message>
        <source>Two checklist items are the same.</source>
        <translation>有两个检查项重复。</translation>
    </message>
    <message>
        <source>The pipeline needs at least one active open stage.</source>
        <translation>销售进程至少需要一个启用的进行中阶段。</translation>
    </message>
    <message>
        <source>The pipeline needs at least one active won stage.</source>
        <translation>销售进程至少需要一个启用的成交阶段。</translation>
    </message>
    <message>
        <source>The pipeline needs at least one active lost stage.</source>
        <translation>销售进程至少需要一个启用的输单阶段。</translation>
    </message>
    <message>
        <source>Open deals are in this stage: move them to another stage before deactivating it.</source>
        <translation>该阶段还有进行中的商机，请先将它们移到其他阶段再停用。</translation>
    </message>
    <message>
        <source>Deals use this stage, so it cannot be deleted: deactivate it instead.</source>
        <translation>已有商机使用该阶段，不能删除，请改为停用。</translation>
    </message>
    <message>
        <source>The weights must add up to 100.</source>
        <translation>权重合计必须为 100。</translation>
    </message>
    <message>
        <source>A weight cannot be negative.</source>
        <translation>权重不能为负数。</translation>
    </message>
    <message>
        <source>Each item needs a text.</source>
        <translation>每一项都需要填写内容。</translation>
    </message>
</context>
<context>
    <name>ConfigurationPage</name>
    <message>
        <source>Your team&apos;s set-up. Changes reach every rep of the team with their next sync.</source>
        <translation>团队设置。修改后，团队中每位销售下次同步时都会收到。</translation>
    </message>
    <message>
        <source>Report templates</source>
        <translation>汇报模板</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>销售进程</translation>
    </message>
    <message>
        <source>Appraisal weights</source>
        <translation>考核权重</translation>
    </message>
    <message>
        <source>The configuration could not be loaded: %1</source>
        <translation>无法加载设置：%1</translation>
    </message>
</context>
<context>
    <name>PipelineTab</name>
    <message>
        <source>New stage</source>
        <translation>新建阶段</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Checklist item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Save stage</source>
        <translation>保存阶段</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>(inactive)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>A new stage.</source>
        <translation>新阶段。</translation>
    </message>
    <message>
        <source>%1 deals (%2 open) are in this stage; it can be deactivated, not deleted.</source>
        <translation>该阶段有 %1 个商机（%2 个进行中），只能停用，不能删除。</translation>
    </message>
    <message>
        <source>No deal uses this stage yet.</source>
        <translation>还没有商机使用该阶段。</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Deals use this stage: deactivate it instead.</source>
        <translation>已有商机使用该阶段，请改为停用。</translation>
    </message>
    <message>
        <source>Stage saved; reps get it with their next sync.</source>
        <translation>阶段已保存，销售同步后生效。</translation>
    </message>
    <message>
        <source>Stage moved.</source>
        <translation>阶段已移动。</translation>
    </message>
    <message>
        <source>Stage activated.</source>
        <translation>阶段已启用。</translation>
    </message>
    <message>
        <source>Stage deactivated.</source>
        <translation>阶段已停用。</translation>
    </message>
    <message>
        <source>Delete stage</source>
        <translation>删除阶段</translation>
    </message>
    <message>
        <source>Delete the stage %1?</source>
        <translation>删除阶段“%1”？</translation>
    </message>
    <message>
        <source>Stage deleted.</source>
        <translation>阶段已删除。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
<context>
    <name>RowsEditor</name>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Row %1: </source>
        <translation>第 %1 行：</translation>
    </message>
</context>
<context>
    <name>TemplatesTab</name>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>新建模板</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Last day of the month reported</source>
        <translation>所汇报月份的最后一天</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>栏目</translation>
    </message>
    <message>
        <source>Active: reports of this kind follow this template</source>
        <translation>启用：此类汇报按本模板填写</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>%1 截止</translation>
    </message>
    <message>
        <source>(inactive)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>A daily report is due on its own day.</source>
        <translation>日报在当天截止。</translation>
    </message>
    <message>
        <source>The day of the reported week the report is due.</source>
        <translation>周报在所汇报这一周的哪一天截止。</translation>
    </message>
    <message>
        <source>The day of the next month the report is due.</source>
        <translation>月报在下个月的哪一天截止。</translation>
    </message>
    <message>
        <source>Template saved; reps get it with their next sync.</source>
        <translation>模板已保存，销售同步后生效。</translation>
    </message>
    <message>
        <source>Template saved and made the active %1; the previous one was deactivated.</source>
        <translation>模板已保存并设为当前启用的%1，原模板已停用。</translation>
    </message>
    <message>
        <source>Template activated.</source>
        <translation>模板已启用。</translation>
    </message>
    <message>
        <source>Template deactivated.</source>
        <translation>模板已停用。</translation>
    </message>
    <message>
        <source>Saving failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
</context>
</TS>
