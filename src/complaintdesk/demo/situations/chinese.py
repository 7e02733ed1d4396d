from complaintdesk.demo.scenario import Language, Phrases, Situation

PHRASES = Phrases(
    holding_replies=(
        "感谢您的耐心等待。我正在亲自跟进您的投诉，两个工作日内给您回复。",
        "您的投诉已转交相关部门，并要求他们在周五前给出处理意见，我收到后会第一时间联系您。",
        "特此告知：我们仍在等待物流合作方的调查报告，预计下周初会有结果。",
    ),
    chasers=(
        "请问我的投诉有进展了吗？已经过去好几天了。",
        "到现在还没有任何人联系我，麻烦尽快给个答复。",
        "再次催问，希望本周内能得到处理结果。",
    ),
    rejections=(
        "这个方案不能弥补我的损失，我要求全额退款。",
        "我不接受这个处理方案，我为此请了好几天假。",
        "优惠券对我没用，我以后不会再买了，请直接退钱。",
    ),
    goodwill=(
        "另外，我们将向您的账户额外补偿 100 元，以表歉意。",
        "我们还为您申请了 150 元的补偿，感谢您的理解。",
    ),
    reopenings=(
        "问题又出现了，和之前一模一样，请重新处理我的投诉。",
        "说好的退款到现在都没有到账。",
        "换的新机器还是同样的毛病。",
    ),
    withdrawals=(
        "我撤回投诉，门店已经直接帮我解决了。",
        "包裹在邻居家找到了，可以结案了，谢谢。",
        "我不想再继续这个投诉了。",
    ),
)

SITUATIONS = [
    Situation(
        category="delivery-lost",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(
            ("王芳", "wang.fang@example.com", "+86 138 0013 8821"),
            ("赵磊", "zhao.lei@example.net", "+86 139 0021 4410"),
        ),
        subject="物流显示已签收，但我根本没收到",
        description=(
            "订单物流显示昨天下午已签收，签收人写的是“本人”。我一整天都在家，没有任何人敲门，"
            "也没有放在快递柜或门卫。快递员电话一直打不通。"
        ),
        remedy_sought=("replacement", "refund"),
        claimed="699.00 CNY",
        reference="DD20240518-33201",
        question="请问您小区是否有快递柜或驿站？方便的话请提供一下详细地址。",
        answer="小区门口有菜鸟驿站，我去问过，没有我的件。地址是朝阳区望京西园三区 6 号楼。",
        remedy="我们将为您重新免费发货，并要求快递员当面签收。",
        resolution="经核实快递员虚假签收，包裹已找回并重新派送，快递公司已对该快递员处理。",
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="medium",
        channel="phone",
        customers=(("李娜", "li.na@example.com", "+86 137 0010 5532"),),
        subject="空调安装师傅额外收取 380 元材料费",
        description=(
            "买空调时页面写着“免费标准安装”。安装师傅上门后说铜管不够长，要加 380 元材料费，"
            "不给钱就不装。我当时只好付了，但他没开任何收据。"
        ),
        remedy_sought=("refund", "explanation"),
        claimed="380.00 CNY",
        reference="KT-35GW-8812",
        question="请问您是否保留了付款记录？是微信还是现金支付的？",
        answer="微信转账给师傅个人的，截图已上传。",
        remedy="我们将全额退还 380 元，并对该安装网点进行核查。",
        resolution=(
            "标准安装包含 3 米铜管，实际只用了 4 米，超出部分按价目表应收 60 元。"
            "已退还差额 320 元，网点被处罚。"
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="medium",
        channel="chat",
        customers=(
            ("张伟", "zhang.wei@example.org", "+86 136 0012 7789"),
            ("程亮", "cheng.liang@example.com", "+86 138 0391 2204"),
        ),
        subject="宽带升级到 500M 后网速反而变慢",
        description=(
            "上周把宽带从 200M 升级到 500M，每月多交 50 元。升级后晚上测速只有 80M 左右，"
            "看视频经常卡顿，比升级前还慢。"
        ),
        remedy_sought=("repair", "refund"),
        claimed="50.00 CNY",
        question="请用网线直连光猫测一次速，并把结果截图发给我们。",
        answer="网线直连测速 92M，截图已发。",
        remedy="安排工程师上门更换光猫，并退还本月升级费用。",
        resolution="旧光猫不支持千兆端口，已更换新光猫，测速 520M，本月升级费已退还。",
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="critical",
        channel="phone",
        customers=(("刘洋", "liu.yang@example.com", "+86 135 0019 2231"),),
        subject="手机充电时严重发烫并冒烟",
        description=(
            "昨晚手机用原装充电器充电，半夜闻到焦味，手机背面烫得不能碰，充电口有烟冒出来。"
            "幸好我没睡着，马上拔掉了。家里有小孩，非常后怕。"
        ),
        remedy_sought=("replacement", "explanation"),
        reference="SJ-X20-551",
        question="请暂停使用该手机和充电器，能否拍照并保留原物等待我们上门取件？",
        answer="照片已上传，手机和充电器都放在阳台的铁盒里了。",
        remedy="我们将上门取回手机和充电器送检，并先为您换一台新机。",
        resolution="检测发现充电接口进水导致短路，但充电器过热保护失效属产品缺陷，已换新机并启动该批次充电器召回。",
    ),
    Situation(
        category="contract-and-sales",
        department="customer-service",
        severity="medium",
        channel="web",
        customers=(("陈静", "chen.jing@example.net", "+86 138 0027 6610"),),
        subject="七天无理由退货被拒",
        description=(
            "收到蓝牙音箱第三天申请七天无理由退货，客服说“已拆封不支持退货”。商品完好，"
            "包装也都在，法律规定拆封检查不影响退货。"
        ),
        remedy_sought=("refund",),
        claimed="299.00 CNY",
        reference="DD20240602-11873",
        question="请上传商品及包装的照片，确认配件齐全。",
        answer="照片已上传，配件、说明书、包装盒都在。",
        remedy="同意退货退款，我们将安排上门取件，收货后 24 小时内退款。",
        resolution="客服对七天无理由退货政策理解有误，已办理退款，并对客服团队进行了培训。",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="medium",
        channel="phone",
        customers=(("杨秀英", "", "+86 139 0033 1207"),),
        subject="客服态度恶劣，直接挂电话",
        description=(
            "我打电话问话费为什么多扣了，客服一直不耐烦，说“您自己看账单”，我还没说完就挂了。"
            "我六十多岁了，眼睛不好，看不清账单才打电话问的。"
        ),
        remedy_sought=("apology", "explanation"),
        question="请问您大约是哪天几点打的电话？我们调取录音核实。",
        answer="上周四上午十点左右。",
        remedy="客服主管将亲自给您回电道歉，并逐项解释账单。",
        resolution="录音核实客服态度不当，已对其处理并安排培训，主管已回电道歉并解释了账单。",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="low",
        channel="web",
        customers=(
            ("黄磊", "huang.lei@example.com", "+86 137 0041 9902"),
            ("袁媛", "yuan.yuan@example.net", "+86 139 0402 7718"),
        ),
        subject="会员自动续费没有任何提醒",
        description=(
            "我的视频会员到期后被自动续费了 248 元年费，续费前没有收到任何短信或通知。"
            "开通时也没有说明会自动续费。"
        ),
        remedy_sought=("refund",),
        claimed="248.00 CNY",
        question="请问续费后您是否使用过会员服务？",
        answer="没有，发现扣款当天就来投诉了。",
        remedy="我们将取消自动续费并全额退还 248 元。",
        resolution="续费提醒短信因系统故障未发送，已全额退款并关闭自动续费。",
    ),
    Situation(
        category="delivery",
        department="delivery",
        severity="low",
        channel="chat",
        customers=(("周敏", "zhou.min@example.org", "+86 136 0052 3318"),),
        subject="送冰箱上楼被要求额外付搬运费",
        description=(
            "买冰箱时写明“送货上门”。送货师傅到楼下说六楼没电梯要加 100 元搬运费，否则放在楼下。"
        ),
        remedy_sought=("refund",),
        claimed="100.00 CNY",
        reference="BX-BCD520",
        question="请问您最终是否支付了这笔费用？",
        answer="付了，现金给的，师傅不给收据。",
        remedy="我们将退还 100 元，并提醒配送网点严禁额外收费。",
        resolution="送货上门包含楼梯搬运，网点违规收费，已退款并处罚网点。",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="medium",
        channel="web",
        customers=(
            ("吴刚", "wu.gang@example.com", "+86 138 0066 1152"),
            ("徐丽", "xu.li@example.net", "+86 139 0071 8834"),
        ),
        subject="扫地机器人用了两个月就不能回充",
        description=(
            "扫地机器人用了两个月，现在扫完找不到充电座，每次都停在房间中间没电。"
            "已经按说明书重置过，还是不行。"
        ),
        remedy_sought=("repair", "replacement"),
        reference="SD-T9",
        question="请提供机器底部的序列号，并描述充电座摆放的位置。",
        answer="序列号 T9-2403-7712，充电座靠墙放在客厅，两边各空出半米。",
        remedy="我们将寄送新的充电座和回充传感器模组，并提供上门更换服务。",
        resolution="该批次回充传感器存在缺陷，已为用户免费更换，并主动联系同批次用户。",
    ),
    Situation(
        category="repair-missed-visit",
        department="technical-support",
        severity="medium",
        channel="phone",
        customers=(("孙建国", "", "+86 135 0080 2276"),),
        subject="预约维修师傅两次爽约",
        description=(
            "洗衣机不脱水，预约了两次上门维修，我都请假在家等，师傅两次都没来，"
            "也没有提前通知。打电话过去说师傅“临时有事”。"
        ),
        remedy_sought=("repair", "compensation"),
        question="请问您本周哪天方便在家？我们优先安排。",
        answer="周六全天都可以。",
        remedy="已为您安排周六上午第一单，并补偿 100 元话费。",
        resolution="网点排班失误导致爽约，周六已完成维修，补偿已到账。",
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="high",
        channel="in_person",
        customers=(("马丽华", "", "+86 138 0091 5540"),),
        subject="营业厅私自给老人更换高价套餐",
        description=(
            "我母亲七十八岁，去营业厅交话费，工作人员说“免费升级”，结果给她换成了每月 199 元的"
            "套餐，原来只要 38 元。老人根本用不了这么多流量。"
        ),
        remedy_sought=("refund", "apology"),
        claimed="322.00 CNY",
        location="海淀区中关村营业厅",
        question="请提供老人的手机号码和办理日期，以便调取业务受理记录。",
        answer="号码 139 0033 7788，三月十二日办理的。",
        remedy="恢复原 38 元套餐，退还多收的费用，并由营业厅负责人上门致歉。",
        resolution="受理记录显示未充分告知资费，已恢复原套餐并退还 322 元，相关员工已被处理。",
    ),
    Situation(
        category="safety-data",
        department="quality",
        severity="high",
        channel="email",
        customers=(
            ("朱晓明", "zhu.xiaoming@example.org", "+86 137 0102 6630"),
            ("蔡明", "cai.ming@example.org", "+86 137 0413 5562"),
        ),
        subject="刚下单就接到诈骗电话，怀疑信息泄露",
        description=(
            "昨天刚在你们这里买了笔记本电脑，今天就接到自称“客服”的电话，能准确说出我的姓名、"
            "地址和订单号，要我“退款”并提供验证码。我怀疑你们泄露了我的信息。"
        ),
        remedy_sought=("explanation",),
        reference="DD20240611-55102",
        question="请问对方来电号码是多少？您是否提供过验证码？",
        answer="号码是 170 开头的，我没有给验证码，直接挂了。",
        remedy="我们将彻查订单数据的访问记录，并书面告知您调查结果。",
        resolution="调查发现一家合作物流网点员工违规导出面单信息，已终止合作并报警，已通知受影响用户。",
    ),
    Situation(
        category="billing-and-charges",
        department="billing",
        severity="low",
        channel="email",
        customers=(("高峰", "gao.feng@example.com", "+86 136 0113 4471"),),
        subject="发票抬头开错，三次申请都没改",
        description=(
            "公司采购的电脑，发票抬头少了一个字，无法报销。已经三次申请重开发票，"
            "每次都说会处理，到现在也没有收到。"
        ),
        remedy_sought=("explanation",),
        reference="FP-2024-03318",
        question="请提供正确的公司全称和税号。",
        answer="全称：上海星辰信息科技有限公司，税号已附在邮件里。",
        remedy="我们将在三个工作日内作废原发票并重新开具电子发票。",
        resolution="重开申请被系统自动驳回，已人工处理并重新开具发票。",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="low",
        channel="web",
        customers=(("林晓燕", "lin.xiaoyan@example.net", "+86 138 0124 9980"),),
        subject="新电视屏幕四角严重漏光",
        description=(
            "新买的 65 寸电视，看黑色画面时四个角都有明显的白色漏光，晚上关灯看特别明显。"
        ),
        remedy_sought=("replacement",),
        claimed="3999.00 CNY",
        reference="TV-65Q7",
        question="请在关灯状态下拍一张显示纯黑画面的照片。",
        answer="照片已上传。",
        remedy="我们将为您更换一台新电视，送新取旧。",
        resolution="检测确认背光模组装配不良，已换新。",
    ),
    Situation(
        category="delivery",
        department="delivery",
        severity="low",
        channel="web",
        customers=(("何军", "he.jun@example.com", "+86 137 0135 2289"),),
        subject="快递员未经同意放快递柜还要收超时费",
        description=(
            "我在家，快递员没打电话直接放进了快递柜。我晚上下班才看到通知，结果被收了超时费。"
        ),
        remedy_sought=("refund", "apology"),
        claimed="3.00 CNY",
        question="请问快递柜取件短信上显示的投递时间是几点？",
        answer="下午两点零五分。",
        remedy="我们将退还超时费，并要求快递员投柜前必须征得同意。",
        resolution="快递员未按要求先联系用户，已退费并对快递员处理。",
        nature="venting",
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="high",
        channel="phone",
        customers=(("郭淑珍", "guo.shuzhen@example.org", "+86 139 0146 7763"),),
        subject="洗衣机漏水把楼下淹了",
        description=(
            "你们上门安装的洗衣机，进水管接口没拧紧，洗衣服时漏水，水渗到了楼下邻居家，"
            "天花板都泡坏了。邻居要求赔偿。"
        ),
        remedy_sought=("compensation", "explanation"),
        claimed="2500.00 CNY",
        reference="AZ-88123",
        question="请拍摄进水管接口和楼下受损情况的照片，并提供邻居的维修报价。",
        answer="照片和装修师傅的报价单都已上传，报价 2400 元。",
        remedy="由安装网点的保险承担楼下的维修费用，并为您重新检查安装。",
        resolution="安装人员未按规范加装卡箍，网点保险已赔付邻居维修费用，并对全体安装人员再培训。",
    ),
    Situation(
        category="repair-not-fixed",
        department="technical-support",
        severity="medium",
        channel="web",
        customers=(("罗斌", "luo.bin@example.com", "+86 136 0157 3390"),),
        subject="笔记本修了三次还是蓝屏",
        description=(
            "笔记本电脑频繁蓝屏，已经送修三次，每次都说“已修复”，拿回来用不到一周又蓝屏。"
            "按三包规定，修了两次还不好应该给我换机。"
        ),
        remedy_sought=("replacement",),
        reference="WX-20240120",
        question="请提供三次维修的维修单号。",
        answer="WX-20240120、WX-20240305、WX-20240417。",
        remedy="根据三包规定，我们将为您更换同型号新机。",
        resolution="三次维修记录属实，符合三包换货条件，已换新机。",
    ),
    Situation(
        category="service-quality-waiting",
        department="customer-service",
        severity="low",
        channel="in_person",
        customers=(("梁红", "liang.hong@example.net", "+86 138 0168 5512"),),
        subject="营业厅排队两个小时",
        description=(
            "周六去营业厅补办手机卡，取号后等了两个小时。十个窗口只开了两个，"
            "其他工作人员在旁边聊天。"
        ),
        remedy_sought=("apology",),
        location="天河区体育西营业厅",
        question="请问您最后是否办理成功？",
        answer="办好了，但整个上午都浪费了。",
        remedy="我们向您诚恳道歉，并已要求该营业厅周末增开窗口。",
        resolution="营业厅周末排班不足，已调整排班并开通线上预约。",
        outcome="partially_upheld",
    ),
    Situation(
        category="service-attitude-promises",
        department="customer-service",
        severity="low",
        channel="chat",
        customers=(("宋佳", "song.jia@example.com", "+86 137 0179 8801"),),
        subject="宣传的赠品一直没有发",
        description=(
            "活动页面写着买手机送无线耳机，我下单一个月了，手机收到了，耳机一直没发。"
            "客服每次都说“在安排”。"
        ),
        remedy_sought=("replacement",),
        reference="DD20240501-77120",
        question="请提供活动页面截图或下单时的订单详情截图。",
        answer="截图已发，订单详情里写着赠品：无线耳机一副。",
        remedy="我们将在三天内为您补发赠品耳机。",
        resolution="赠品库存不足导致漏发，已补发并向用户致歉。",
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="low",
        channel="web",
        customers=(
            ("唐伟", "tang.wei@example.org", "+86 136 0180 2234"),
            ("潘静", "pan.jing@example.com", "+86 136 0424 8830"),
        ),
        subject="退货运费险理赔一直没到账",
        description=("退货时自己垫付了 18 元运费，说好运费险 72 小时内理赔，已经两周了还没到账。"),
        remedy_sought=("refund",),
        claimed="18.00 CNY",
        question="请提供退货快递单号。",
        answer="SF1408823316。",
        remedy="我们将直接向您补偿 18 元运费。",
        resolution="理赔因快递单号格式识别错误被卡住，已人工补偿。",
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="medium",
        channel="phone",
        customers=(("韩冰", "han.bing@example.com", "+86 138 0191 6675"),),
        subject="预约装宽带一周了还没人来",
        description=(
            "新家办了宽带，预约的是上周一安装，到现在一周了都没人来，"
            "每次打电话都说“师傅会联系您”。我在家办公，非常着急。"
        ),
        remedy_sought=("repair", "compensation"),
        question="请确认您的安装地址和方便的时间段。",
        answer="浦东新区锦绣路 2580 弄 12 号 801，工作日全天都在。",
        remedy="已为您加急派单，明天上午安装，并免除首月费用。",
        resolution="工单派发到了错误的网点，已于次日完成安装并免除首月费用。",
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="medium",
        channel="web",
        customers=(("冯志强", "feng.zhiqiang@example.net", "+86 139 0202 3348"),),
        subject="销户后仍在每月扣费",
        description=(
            "我三个月前已经在营业厅办理了宽带销户，有回执单。但这三个月每月还在自动扣 99 元。"
        ),
        remedy_sought=("refund",),
        claimed="297.00 CNY",
        question="请上传销户回执单照片。",
        answer="回执单照片已上传。",
        remedy="我们将停止扣费，并退还三个月共 297 元。",
        resolution="销户流程未同步到计费系统，已退款并修复同步问题。",
    ),
    Situation(
        category="product-quality-not-as-described",
        department="quality",
        severity="low",
        channel="web",
        customers=(
            ("曹雪", "cao.xue@example.com", "+86 137 0213 9956"),
            ("杜鹃", "du.juan@example.net", "+86 138 0435 1176"),
        ),
        subject="收到的商品颜色和图片完全不一样",
        description=(
            "页面图片是浅灰色的空气净化器，收到的是米黄色。客服说“显示器色差”，"
            "但这根本不是色差能解释的。"
        ),
        remedy_sought=("replacement", "refund"),
        claimed="1299.00 CNY",
        reference="JH-600",
        question="请拍一张商品和包装盒上颜色标签的照片。",
        answer="照片已上传，盒子上写着“米黄”。",
        remedy="我们将为您换成浅灰色款，往返运费由我们承担。",
        resolution="仓库发错颜色，已换货。",
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="critical",
        channel="phone",
        customers=(("邓红梅", "", "+86 135 0224 1187"),),
        subject="电热水器漏电，洗澡时被电到",
        description=(
            "今天早上洗澡时，手碰到花洒被电了一下，发麻。热水器是去年在你们这里买并安装的。"
            "现在全家都不敢用了。"
        ),
        remedy_sought=("repair", "explanation"),
        reference="RSQ-60L",
        question="请立即断开热水器电源，并告知我们您方便上门检测的时间。",
        answer="已经拉了电闸，今天下午就可以。",
        remedy="今天下午派工程师上门检测，在查明原因前请勿使用。",
        resolution="检测发现安装时未接地线，已重新规范安装并检测合格，对安装网点进行了处罚。",
    ),
    Situation(
        category="delivery-damaged",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(("许文", "xu.wen@example.org", "+86 136 0235 7743"),),
        subject="外箱破损，显示器屏幕碎了",
        description=("收到显示器时外箱一角已经压扁，当时快递员催着签收。打开后发现屏幕碎了。"),
        remedy_sought=("replacement",),
        claimed="1499.00 CNY",
        reference="DD20240607-88213",
        question="请上传外箱和屏幕的照片，以及开箱视频（如有）。",
        answer="照片和开箱视频都已上传。",
        remedy="我们将为您补发一台新显示器，并上门取回破损件。",
        resolution="运输途中受压导致损坏，已补发新品并向物流公司索赔。",
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="low",
        channel="chat",
        customers=(("邹鹏", "zou.peng@example.com", "+86 138 0246 1190"),),
        subject="春节前买的电饭煲节后才到",
        description=(
            "腊月二十下单，页面承诺“春节前送达”，结果初八才到，想送给父母的年货礼物没送成。"
        ),
        remedy_sought=("apology", "compensation"),
        reference="DD20240129-10023",
        question="请问您是否还需要这台电饭煲？",
        answer="东西已经收下了，就是觉得你们说话不算数。",
        remedy="我们向您道歉，并补偿 50 元购物金。",
        resolution="春节前仓库爆仓未及时调整承诺时效，已补偿并优化节前时效提示。",
        outcome="partially_upheld",
        nature="venting",
    ),
    Situation(
        category="other",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("熊丽", "xiong.li@example.net", "+86 137 0257 6624"),),
        subject="会员积分被无故清零",
        description=("我攒了三年的 12000 积分突然清零了，之前没有收到任何到期提醒。"),
        remedy_sought=("explanation",),
        question="请提供您的会员账号。",
        answer="会员号 VIP88120033。",
        remedy="我们将为您恢复积分，并延长有效期一年。",
        resolution="积分规则调整时未发送提醒，已恢复积分并补发通知。",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="high",
        channel="email",
        customers=(
            ("金涛", "jin.tao@example.com", "+86 139 0268 4409"),
            ("戴伟", "dai.wei@example.org", "+86 139 0446 9902"),
        ),
        subject="去日本出差一周被扣了 1800 元漫游费",
        description=(
            "出发前特意办了日本漫游包，每天 25 元。回来发现被扣了 1800 元，"
            "账单显示漫游包根本没有生效。"
        ),
        remedy_sought=("refund",),
        claimed="1625.00 CNY",
        question="请提供办理漫游包时收到的确认短信截图。",
        answer="截图已发，短信显示“日本漫游包办理成功”。",
        remedy="我们将按漫游包资费重新计费，退还多收的 1625 元。",
        resolution="漫游包因系统故障未生效，已按包价重新计费并退款。",
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="critical",
        channel="api",
        customers=(("深圳市远航物流有限公司", "it@example.com", "+86 755 0000 3312"),),
        subject="企业专线中断六小时，仓库系统全部停摆",
        description=(
            "我司专线今天上午九点中断，到下午三点才恢复，期间仓库系统无法出库，"
            "损失订单两百多单。合同承诺四小时修复。"
        ),
        remedy_sought=("compensation", "explanation"),
        claimed="20000.00 CNY",
        reference="ZX-SZ-00218",
        question="请提供中断期间的业务损失说明，以便按合同核算赔偿。",
        answer="损失明细已通过邮件发送。",
        remedy="按合同 SLA 条款赔偿当月专线费用的 30%，并提供中断原因分析报告。",
        resolution="市政施工挖断光缆，修复超出承诺时限，已按 SLA 赔付并增加备用路由。",
        outcome="partially_upheld",
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="medium",
        channel="web",
        customers=(
            ("谢芳", "xie.fang@example.org", "+86 136 0279 5518"),
            ("夏冰", "xia.bing@example.com", "+86 137 0457 3345"),
        ),
        subject="以旧换新补贴一直没到账",
        description=(
            "参加以旧换新活动，旧冰箱已经被回收，说好 300 元补贴一周内到账，一个月了还没有。"
        ),
        remedy_sought=("refund",),
        claimed="300.00 CNY",
        reference="YJHX-20240412",
        question="请提供旧机回收单的照片。",
        answer="回收单照片已上传。",
        remedy="我们将在三个工作日内发放 300 元补贴。",
        resolution="回收单未录入系统，已补录并发放补贴。",
    ),
    Situation(
        category="repair-not-fixed",
        department="technical-support",
        severity="low",
        channel="in_person",
        customers=(("彭飞", "peng.fei@example.com", "+86 138 0280 3376"),),
        subject="保修卡丢了就不给保修",
        description=(
            "吸尘器在保修期内坏了，售后说没有保修卡不能保修。但我有购买订单，"
            "机身上也有序列号可以查。"
        ),
        remedy_sought=("repair",),
        reference="XCQ-V11",
        question="请提供订单号或机身序列号。",
        answer="序列号 V11-2310-5521。",
        remedy="凭序列号即可享受保修，我们将免费为您维修。",
        resolution="已凭序列号免费维修，并更正了售后网点的保修规则。",
    ),
    Situation(
        category="equipment-faulty",
        department="technical-support",
        severity="high",
        channel="phone",
        customers=(
            ("段明", "duan.ming@example.net", "+86 137 0291 7720"),
            ("雷晓", "lei.xiao@example.com", "+86 139 0302 6614"),
        ),
        subject="智能门锁突然打不开，被锁在门外",
        description=(
            "下班回家指纹和密码都打不开门锁，屏幕显示“系统错误”。在门外等了三个小时，"
            "最后找开锁师傅破门才进去，花了 300 元。"
        ),
        remedy_sought=("repair", "compensation"),
        claimed="300.00 CNY",
        reference="MS-S5",
        question="请问门锁当前固件版本是多少？（App 中设备信息可查）",
        answer="固件版本 3.1.8。",
        remedy="免费为您更换新锁，并报销开锁费用 300 元。",
        resolution="3.1.8 固件存在升级后死机问题，已更换门锁、报销费用，并向所有用户推送修复固件。",
    ),
    Situation(
        category="service-quality-waiting",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("贾琳", "jia.lin@example.org", "+86 136 0313 2287"),),
        subject="客服热线一直转不了人工",
        description=("打客服电话，语音菜单绕来绕去，按了十几次都转不到人工，最后自动挂断。"),
        remedy_sought=("explanation",),
        question="请问您原本想咨询什么问题？我们现在为您处理。",
        answer="想改一下账单寄送地址。",
        remedy="已为您修改账单地址，并将您的意见反馈给热线团队。",
        resolution="语音菜单设置有误导致无法转人工，已修正。",
        nature="help_seeking",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="low",
        channel="web",
        customers=(("夏雨", "xia.yu@example.com", "+86 138 0324 9963"),),
        subject="下单价格和结算价格不一致",
        description=(
            "商品页显示活动价 1599 元，提交订单时变成了 1799 元，页面上的活动还在。我已经付款了。"
        ),
        remedy_sought=("refund",),
        claimed="200.00 CNY",
        reference="DD20240615-60021",
        question="请提供商品页和结算页的截图。",
        answer="两张截图都已上传。",
        remedy="我们将退还 200 元差价。",
        resolution="活动价格同步延迟，已退还差价。",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("蒋涛", "jiang.tao@example.net", "+86 137 0335 1142"),),
        subject="安装师傅在家里抽烟，地板弄得很脏",
        description=(
            "安装师傅在我家客厅抽烟，烟头弹在地上，装完电视走的时候满地碎屑也不清理。"
            "家里有孕妇，非常不满。"
        ),
        remedy_sought=("apology",),
        question="请问是哪一天上门安装的？",
        answer="本周二下午。",
        remedy="网点负责人将上门致歉，并安排保洁清理。",
        resolution="已对安装师傅处罚，网点负责人上门道歉并安排了保洁。",
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="medium",
        channel="chat",
        customers=(("沈冰", "shen.bing@example.com", "+86 136 0346 8856"),),
        subject="取消订单后仍然发货并扣款",
        description=(
            "下单十分钟后就申请取消了订单，系统显示“取消成功”。第二天却收到发货通知，钱也扣了。"
        ),
        remedy_sought=("refund",),
        claimed="459.00 CNY",
        reference="DD20240620-18842",
        question="请问包裹到了以后您是否愿意拒收？",
        answer="可以，我会拒收。",
        remedy="请直接拒收，我们收到退件后立即全额退款。",
        resolution="取消指令未同步到仓库，已退款并修复同步。",
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="high",
        channel="web",
        customers=(("韦强", "wei.qiang@example.org", "+86 138 0357 4423"),),
        subject="电动自行车电池鼓包",
        description=(
            "电动自行车买了五个月，电池外壳明显鼓起来了，充电时很烫。现在放在楼下不敢往家里拿。"
        ),
        remedy_sought=("replacement",),
        reference="DC-48V20A",
        question="请不要再充电，并拍摄电池鼓包部位的照片。",
        answer="照片已上传，电池放在楼下空地上。",
        remedy="我们将派人取回电池并为您更换新电池。",
        resolution="电池电芯存在质量问题，已更换并对同批次产品进行排查。",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="low",
        channel="chat",
        customers=(("邱月", "qiu.yue@example.com", "+86 137 0368 7790"),),
        subject="无线耳机只有一边有声音",
        description=("新买的无线耳机右耳没有声音，重新配对、恢复出厂设置都试过了。"),
        remedy_sought=("replacement",),
        reference="EJ-PRO3",
        question="请问右耳充电盒指示灯是否正常亮起？",
        answer="充电时灯会亮，但就是没声音。",
        remedy="我们将为您换新。",
        resolution="右耳扬声器故障，已换新。",
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(("秦海", "qin.hai@example.net", "+86 136 0379 2215"),),
        subject="预售商品迟迟不发货",
        description=(
            "预售的平板电脑说好 5 月 20 日前发货，现在已经 6 月 10 日了还没发，定金也不给退。"
        ),
        remedy_sought=("refund",),
        claimed="500.00 CNY",
        reference="YS-20240415-3301",
        question="请问您是希望继续等待发货还是退款？",
        answer="退款吧，不想等了。",
        remedy="我们将全额退还定金 500 元。",
        resolution="供应商延期交货，已为用户全额退还定金并补偿优惠券。",
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="medium",
        channel="phone",
        customers=(("尹红", "", "+86 135 0380 6631"),),
        subject="电话推销说免费，结果开通了收费增值业务",
        description=(
            "接到电话说送我三个月免费视频会员，我说好。结果每个月被扣 15 元增值业务费，"
            "已经扣了半年。"
        ),
        remedy_sought=("refund",),
        claimed="90.00 CNY",
        question="请提供您的手机号码，以便查询增值业务订购记录。",
        answer="手机号 135 0380 6631。",
        remedy="我们将退订该业务并退还全部 90 元。",
        resolution="外呼时未告知免费期后收费，已退订退款，外呼话术已整改。",
    ),
]

CHINESE = Language("zh-hans", PHRASES, SITUATIONS)
