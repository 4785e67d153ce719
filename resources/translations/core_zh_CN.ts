<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>An unexpected error stopped SalesDesk from opening %1.</source>
        <translation>意外错误导致 SalesDesk 无法打开 %1。</translation>
    </message>
    <message>
        <source>SalesDesk cannot open your data</source>
        <translation>SalesDesk 无法打开您的数据</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>汇报</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>汇报审阅</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Leaderboard</source>
        <translation>排行榜</translation>
    </message>
    <message>
        <source>Commissions</source>
        <translation>提成</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>数据看板</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>团队设置</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <source>Company</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Individual</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>制造业</translation>
    </message>
    <message>
        <source>IT and software</source>
        <translation>信息技术与软件</translation>
    </message>
    <message>
        <source>Retail</source>
        <translation>零售</translation>
    </message>
    <message>
        <source>Wholesale and trade</source>
        <translation>批发与贸易</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>金融</translation>
    </message>
    <message>
        <source>Healthcare</source>
        <translation>医疗健康</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>教育</translation>
    </message>
    <message>
        <source>Construction</source>
        <translation>建筑工程</translation>
    </message>
    <message>
        <source>Real estate</source>
        <translation>房地产</translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation>物流</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>能源</translation>
    </message>
    <message>
        <source>Agriculture</source>
        <translation>农业</translation>
    </message>
    <message>
        <source>Food and beverage</source>
        <translation>食品饮料</translation>
    </message>
    <message>
        <source>Hospitality and travel</source>
        <translation>酒店旅游</translation>
    </message>
    <message>
        <source>Media and advertising</source>
        <translation>传媒广告</translation>
    </message>
    <message>
        <source>Government and public sector</source>
        <translation>政府及公共事业</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>A – key account</source>
        <translation>A 类 – 重点客户</translation>
    </message>
    <message>
        <source>B – regular</source>
        <translation>B 类 – 普通客户</translation>
    </message>
    <message>
        <source>C – small</source>
        <translation>C 类 – 小客户</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>官网</translation>
    </message>
    <message>
        <source>Trade show</source>
        <translation>展会</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>转介绍</translation>
    </message>
    <message>
        <source>Cold call</source>
        <translation>电话陌拜</translation>
    </message>
    <message>
        <source>Advertising</source>
        <translation>广告</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>合作伙伴</translation>
    </message>
    <message>
        <source>Social media (WeChat…)</source>
        <translation>社交媒体（微信等）</translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>合作中</translation>
    </message>
    <message>
        <source>Churned</source>
        <translation>已流失</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Daily report</source>
        <translation>日报</translation>
    </message>
    <message>
        <source>Weekly report</source>
        <translation>周报</translation>
    </message>
    <message>
        <source>Monthly report</source>
        <translation>月报</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度评价</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新增客户数</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>拜访次数</translation>
    </message>
    <message>
        <source>Deals won</source>
        <translation>赢单数</translation>
    </message>
    <message>
        <source>Retention rate</source>
        <translation>客户留存率</translation>
    </message>
    <message>
        <source>Not split</source>
        <translation>不分解</translation>
    </message>
    <message>
        <source>Equal parts</source>
        <translation>平均分解</translation>
    </message>
    <message>
        <source>Weighted by last period</source>
        <translation>按上期业绩加权</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动分解</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <source>Sales manager</source>
        <translation>销售经理</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Type a customer&apos;s name, phone or contact…</source>
        <translation>输入客户名称、电话或联系人…</translation>
    </message>
</context>
<context>
    <name>DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>Entities</name>
    <message>
        <source>Appraisal weights</source>
        <translation>考核权重</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Commission assignment</source>
        <translation>提成方案分配</translation>
    </message>
    <message>
        <source>Commission plan</source>
        <translation>提成方案</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Customer feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Pipeline stage</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>汇报</translation>
    </message>
    <message>
        <source>Report comment</source>
        <translation>汇报点评</translation>
    </message>
    <message>
        <source>Report template</source>
        <translation>汇报模板</translation>
    </message>
    <message>
        <source>Stage change</source>
        <translation>阶段变更</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Team figure</source>
        <translation>团队业绩数据</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
</context>
<context>
    <name>EntityForm</name>
    <message>
        <source>Separate tags with commas</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Please fill this in.</source>
        <translation>此项为必填项。</translation>
    </message>
    <message>
        <source>At most %1 characters.</source>
        <translation>最多 %1 个字符。</translation>
    </message>
    <message>
        <source>Please pick one of the choices.</source>
        <translation>请从选项中选择一项。</translation>
    </message>
    <message>
        <source>This number is too small.</source>
        <translation>数值太小。</translation>
    </message>
    <message>
        <source>This number is too large.</source>
        <translation>数值太大。</translation>
    </message>
    <message>
        <source>Too many decimal places.</source>
        <translation>小数位数过多。</translation>
    </message>
    <message>
        <source>This value is not valid.</source>
        <translation>该值无效。</translation>
    </message>
    <message>
        <source>Not a valid unified social credit code (18 letters and digits).</source>
        <translation>不是有效的统一社会信用代码（应为 18 位字母或数字）。</translation>
    </message>
    <message>
        <source>A mainland mobile number has 11 digits and starts with 13–19.</source>
        <translation>大陆手机号码为 11 位数字，以 13–19 开头。</translation>
    </message>
    <message>
        <source>Use digits, spaces, dashes and a leading +.</source>
        <translation>请使用数字、空格和短横线，开头可加 +。</translation>
    </message>
    <message>
        <source>An e-mail address looks like name@example.com.</source>
        <translation>电子邮箱的格式应如 name@example.com。</translation>
    </message>
    <message>
        <source>A time of day looks like 18:00.</source>
        <translation>时间的格式应如 18:00。</translation>
    </message>
    <message>
        <source>A period looks like 2026-11, 2026-Q4 or 2026.</source>
        <translation>周期的格式应如 2026-11、2026-Q4 或 2026。</translation>
    </message>
    <message>
        <source>The linked record no longer exists.</source>
        <translation>关联的记录已不存在。</translation>
    </message>
    <message>
        <source>Only a manager can change this.</source>
        <translation>只有经理可以修改此项。</translation>
    </message>
    <message>
        <source>This cannot be changed once set.</source>
        <translation>此项设定后不能再修改。</translation>
    </message>
    <message>
        <source>Notes can be added but not changed.</source>
        <translation>跟进记录只能添加，不能修改。</translation>
    </message>
    <message>
        <source>Restore the record it belongs to first.</source>
        <translation>请先恢复它所属的记录。</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Accelerator above attainment %</source>
        <translation>加速提成起点（达成率 %）</translation>
    </message>
    <message>
        <source>Accelerator multiplier</source>
        <translation>加速倍数</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Assigned by</source>
        <translation>指派人</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>执行人</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>提交人</translation>
    </message>
    <message>
        <source>Automatic figures</source>
        <translation>自动统计数据</translation>
    </message>
    <message>
        <source>Base rate %</source>
        <translation>基础提成比例 %</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Bonus per new customer</source>
        <translation>每个新客户奖金</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>封顶金额</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>变更时间</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>变更人</translation>
    </message>
    <message>
        <source>Check-in address</source>
        <translation>签到地址</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>签到时间</translation>
    </message>
    <message>
        <source>Checked out</source>
        <translation>签退时间</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <source>Checklist items done</source>
        <translation>已完成的检查项</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>校验值</translation>
    </message>
    <message>
        <source>Churned on</source>
        <translation>流失日期</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>结单日期</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>点评内容</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>计算时间</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>文件内容</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Deadline day</source>
        <translation>截止日</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈内容</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>统计数据</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>From stage</source>
        <translation>原阶段</translation>
    </message>
    <message>
        <source>From visit</source>
        <translation>来源拜访</translation>
    </message>
    <message>
        <source>In stage since</source>
        <translation>进入本阶段时间</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI 指标</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步计划</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>跟进记录</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>提成方案</translation>
    </message>
    <message>
        <source>Planned date</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>Planned time</source>
        <translation>计划时间</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Primary contact</source>
        <translation>主联系人</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Probability %</source>
        <translation>赢率 %</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>拜访目的</translation>
    </message>
    <message>
        <source>Read by manager</source>
        <translation>经理阅读时间</translation>
    </message>
    <message>
        <source>Reason lost</source>
        <translation>输单原因</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒时间</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>汇报</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>审阅时间</translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation>审阅人</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Route order</source>
        <translation>路线顺序</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>内容板块</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>分解方式</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>销售阶段</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Stuck after days</source>
        <translation>停滞天数</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Team target</source>
        <translation>团队目标</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户等级</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>提成阶梯</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>To stage</source>
        <translation>新阶段</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Visit log</source>
        <translation>拜访日志</translation>
    </message>
    <message>
        <source>Visits expected per month</source>
        <translation>每月应拜访次数</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SalesDesk</source>
        <translation>SalesDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New customer…</source>
        <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Recycle bin…</source>
        <translation>回收站(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About SalesDesk</source>
        <translation>关于 SalesDesk(&amp;A)</translation>
    </message>
    <message>
        <source>About SalesDesk</source>
        <translation>关于 SalesDesk</translation>
    </message>
    <message>
        <source>SalesDesk %1
Offline-first CRM for field sales teams.</source>
        <translation>SalesDesk %1
面向外勤销售团队、离线也能用的客户管理软件。</translation>
    </message>
</context>
<context>
    <name>Opening</name>
    <message>
        <source>Opening your data…</source>
        <translation>正在打开您的数据…</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>Follow the system (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <source>A new language is used after SalesDesk restarts.</source>
        <translation>更改语言后，重新启动 SalesDesk 才会生效。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>界面语言：</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>The new language takes effect after SalesDesk restarts.</source>
        <translation>新的界面语言将在 SalesDesk 重新启动后生效。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>RecycleBinDialog</name>
    <message>
        <source>Recycle bin</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Deleted records stay here so that their deletion reaches the server and your other devices. The bin cannot be emptied; restore anything deleted by mistake. Restoring a record also brings back what was deleted with it.</source>
        <translation>已删除的记录会保留在这里，以便删除操作同步到服务器和你的其他设备，因此回收站不能清空。误删的记录可以在这里恢复；恢复一条记录时，与它一起删除的记录也会一并恢复。</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation>所属</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Deleted with it</source>
        <translation>一并删除</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1（已删除）</translation>
    </message>
    <message>
        <source>%1 more</source>
        <translation>另有 %1 条</translation>
    </message>
    <message>
        <source>Records deleted together with it come back with it.</source>
        <translation>与它一起删除的记录会随它一起恢复。</translation>
    </message>
    <message>
        <source>Deleted records: %1</source>
        <translation>已删除记录：%1 条</translation>
    </message>
    <message>
        <source>%1 “%2” restored.</source>
        <translation>已恢复%1“%2”。</translation>
    </message>
    <message>
        <source>Restoring failed: %1</source>
        <translation>恢复失败：%1</translation>
    </message>
    <message>
        <source>It belongs to %1 “%2”, which is deleted too.</source>
        <translation>它所属的%1“%2”也已被删除。</translation>
    </message>
</context>
</TS>
