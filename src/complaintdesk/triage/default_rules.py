"""The rules a new installation starts with, in English, Spanish, French and Chinese.
Administrators edit them in admin; this table only seeds them (migration 0002)."""

from __future__ import annotations

from typing import NamedTuple


class DefaultRule(NamedTuple):
    name: str
    field: str
    value: str
    order: int
    confidence: float
    # Keywords per language code.
    keywords: dict[str, str]


def _rule(
    name: str, field: str, value: str, order: int, confidence: float, **keywords: str
) -> DefaultRule:
    return DefaultRule(name, field, value, order, confidence, keywords)


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    # Signals: what raises the abnormal flag, the scope and the urgency.
    _rule(
        "Legal threat",
        "signal",
        "legal_threat",
        10,
        0.95,
        en="lawyer|attorney|solicitor|sue you|suing|take you to court|legal action|lawsuit|"
        "ombudsman|small claims|trading standards|file a complaint with the regulator",
        es="abogado|demandar|demanda judicial|acciones legales|tribunal|juzgado|denunciar|"
        "denuncia|defensor del consumidor|OCU|FACUA",
        fr="avocat|poursuivre en justice|procès|tribunal|action en justice|mise en demeure|"
        "médiateur|UFC-Que Choisir|plainte pénale|porter plainte",
        zh="律师|起诉|法院|诉讼|投诉到消协|消协|12315|工商局|维权|法律途径",
    ),
    _rule(
        "Media threat",
        "signal",
        "media_threat",
        10,
        0.9,
        en="newspaper|journalist|the press|the media|go public|social media|tiktok|"
        "go viral|tv station|watchdog programme|post this everywhere|bad review everywhere",
        es="periódico|periodista|prensa|medios de comunicación|redes sociales|hacerlo público|"
        "viral|televisión",
        fr="journal|journaliste|la presse|les médias|réseaux sociaux|rendre public|buzz|télévision",
        zh="媒体|记者|曝光|报社|电视台|微博|抖音|上热搜",
    ),
    _rule(
        "Safety hazard",
        "signal",
        "safety",
        5,
        0.95,
        en="fire|smoke|burning smell|gas leak|smell of gas|electric shock|sparks|exploded|"
        "explosion|carbon monoxide|injured|injury|hospital|dangerous|hazard|unsafe|"
        "burned|scalded|choked|poisoning|food poisoning",
        es="incendio|fuego|humo|fuga de gas|olor a gas|descarga eléctrica|chispas|explotó|"
        "explosión|herido|lesión|hospital|peligroso|intoxicación",
        fr="incendie|feu|fumée|fuite de gaz|odeur de gaz|décharge électrique|étincelles|"
        "explosé|explosion|blessé|blessure|hôpital|dangereux|intoxication",
        zh="起火|着火|火灾|冒烟|漏气|煤气泄漏|触电|漏电|爆炸|受伤|住院|医院|危险|中毒|安全隐患",
    ),
    _rule(
        "Earlier remedy failed",
        "signal",
        "failed_remedy",
        20,
        0.85,
        en="still not fixed|still broken|still not working|still waiting|second time|"
        "third time|yet again|once again|already complained|complained before|"
        "the repair did not work|replacement is also|same problem again",
        es="sigue sin funcionar|sigue roto|otra vez|de nuevo|segunda vez|tercera vez|"
        "ya me quejé|ya reclamé|mismo problema",
        fr="toujours pas réparé|toujours en panne|ne fonctionne toujours pas|encore une fois|"
        "deuxième fois|troisième fois|déjà réclamé|déjà signalé|même problème",
        zh="还是没修好|又坏了|再次|第二次|第三次|已经投诉过|多次投诉|反复",
    ),
    _rule(
        "Urgency stated",
        "signal",
        "urgent",
        30,
        0.85,
        en="urgent|urgently|immediately|asap|as soon as possible|emergency|right now|"
        "no heating|no hot water|no water|no power|no electricity|elderly|newborn",
        es="urgente|urgencia|inmediatamente|cuanto antes|emergencia|sin calefacción|"
        "sin agua|sin luz",
        fr="urgent|urgence|immédiatement|au plus vite|dès que possible|sans chauffage|"
        "sans eau|sans électricité",
        zh="紧急|急|马上|立即|尽快|停水|停电|没有暖气",
    ),
    _rule(
        "Strong emotion",
        "signal",
        "intense",
        40,
        0.8,
        en="furious|outraged|disgusted|disgusting|disgrace|appalling|unacceptable|livid|"
        "fuming|scandalous|worst|ridiculous|pathetic|shameful|sick and tired|fed up",
        es="indignado|furioso|vergüenza|inaceptable|asqueroso|lamentable|harto|el peor|"
        "la peor|ridículo|pésimo|fatal",
        fr="furieux|scandaleux|inadmissible|inacceptable|honteux|lamentable|écœuré|"
        "ras le bol|marre|le pire|nul|catastrophique",
        zh="气死|愤怒|太差|垃圾|恶心|无法接受|坑人|骗子|忍无可忍|最差",
    ),
    # Severity.
    _rule(
        "Danger to people",
        "severity",
        "critical",
        5,
        0.9,
        en="fire|gas leak|smell of gas|electric shock|explosion|carbon monoxide|injured|"
        "hospital|food poisoning|danger to life",
        es="incendio|fuga de gas|descarga eléctrica|explosión|herido|hospital|intoxicación",
        fr="incendie|fuite de gaz|décharge électrique|explosion|blessé|hôpital|intoxication",
        zh="起火|火灾|煤气泄漏|触电|爆炸|受伤|住院|中毒",
    ),
    _rule(
        "Threat of legal action",
        "severity",
        "high",
        20,
        0.8,
        en="lawyer|attorney|solicitor|legal action|take you to court|lawsuit|sue you",
        es="abogado|acciones legales|demandar|tribunal",
        fr="avocat|action en justice|tribunal|poursuivre en justice|mise en demeure",
        zh="律师|起诉|法院|诉讼",
    ),
    _rule(
        "Minor issue",
        "severity",
        "low",
        60,
        0.7,
        en="minor issue|small issue|not a big deal|just a suggestion|just letting you know|"
        "slight|small thing",
        es="pequeño problema|no es grave|solo una sugerencia|un detalle",
        fr="petit souci|petit problème|pas grave|simple suggestion|un détail",
        zh="小问题|建议|不是大问题",
    ),
    # Immediate action.
    _rule(
        "Needs action now",
        "immediate_action",
        "yes",
        10,
        0.9,
        en="fire|gas leak|smell of gas|electric shock|sparks|injured|no heating|no water|"
        "no power|no electricity|urgent|emergency|flooding|leaking water",
        es="incendio|fuga de gas|descarga eléctrica|herido|sin calefacción|sin agua|sin luz|"
        "urgente|emergencia|inundación",
        fr="incendie|fuite de gaz|décharge électrique|blessé|sans chauffage|sans eau|"
        "sans électricité|urgent|urgence|inondation|dégât des eaux",
        zh="起火|煤气泄漏|触电|受伤|停水|停电|紧急|漏水|淹水",
    ),
    # Impact scope.
    _rule(
        "Safety or legal exposure",
        "impact_scope",
        "safety_legal",
        10,
        0.85,
        en="fire|gas leak|electric shock|injured|dangerous|unsafe|lawyer|legal action|"
        "lawsuit|court|regulator",
        es="incendio|fuga de gas|herido|peligroso|abogado|acciones legales|tribunal",
        fr="incendie|fuite de gaz|blessé|dangereux|avocat|action en justice|tribunal",
        zh="火灾|煤气泄漏|受伤|危险|律师|起诉|法院",
    ),
    _rule(
        "Public attention",
        "impact_scope",
        "public",
        20,
        0.8,
        en="newspaper|journalist|the press|the media|social media|go public|viral|tv",
        es="periódico|periodista|prensa|redes sociales|hacerlo público|viral|televisión",
        fr="journal|journaliste|la presse|les médias|réseaux sociaux|rendre public",
        zh="媒体|记者|曝光|微博|抖音|电视台",
    ),
    _rule(
        "Others affected",
        "impact_scope",
        "several_customers",
        30,
        0.75,
        en="everyone|all customers|other customers|my neighbours|my neighbors|whole street|"
        "whole building|many people|not the only one|outage|the whole area",
        es="todos los clientes|otros clientes|mis vecinos|todo el edificio|toda la calle|"
        "no soy el único|no soy la única|mucha gente|apagón",
        fr="tous les clients|d'autres clients|mes voisins|tout l'immeuble|toute la rue|"
        "je ne suis pas le seul|je ne suis pas la seule|beaucoup de gens|panne générale",
        zh="所有用户|其他用户|邻居|整栋楼|整个小区|不止我一个|很多人|大面积",
    ),
    # Nature: the first that fires decides, so definite complaints come first.
    _rule(
        "Duty failed",
        "nature",
        "valid",
        10,
        0.75,
        en="charged twice|overcharged|double charged|never arrived|not delivered|broken|"
        "faulty|defective|stopped working|rude|no one came|cancelled my|wrong item|"
        "damaged|missed appointment|refund",
        es="cobraron dos veces|cobro indebido|nunca llegó|no ha llegado|roto|defectuoso|"
        "dejó de funcionar|maleducado|grosero|producto equivocado|dañado|reembolso",
        fr="facturé deux fois|prélevé deux fois|jamais arrivé|pas été livré|cassé|"
        "défectueux|ne fonctionne plus|impoli|désagréable|mauvais article|endommagé|"
        "remboursement",
        zh="重复扣费|多收费|没收到|未送达|坏了|质量问题|不能用|态度差|发错货|损坏|退款",
    ),
    _rule(
        "Asks for help",
        "nature",
        "help_seeking",
        30,
        0.7,
        en="please help|can you help|could you help|i need help|help me|who do i contact|"
        "how do i get|can someone",
        es="ayuda por favor|pueden ayudarme|necesito ayuda|ayúdenme|a quién contacto",
        fr="aidez-moi|pouvez-vous m'aider|j'ai besoin d'aide|qui dois-je contacter",
        zh="请帮忙|帮帮我|求助|怎么办|找谁",
    ),
    _rule(
        "Question or suggestion",
        "nature",
        "consultative",
        40,
        0.65,
        en="how do i|how can i|is it possible|do you offer|would it be possible|"
        "i suggest|suggestion|could you add|what is the",
        es="cómo puedo|es posible|ofrecen|sugerencia|sugiero|podrían añadir",
        fr="comment puis-je|est-il possible|proposez-vous|suggestion|je suggère|"
        "pourriez-vous ajouter",
        zh="请问|如何|怎么|是否可以|建议|能不能",
    ),
    _rule(
        "Venting",
        "nature",
        "venting",
        50,
        0.6,
        en="never again|worst company|worst service|i just want to say|sick and tired|"
        "fed up|hate this company",
        es="nunca más|la peor empresa|el peor servicio|harto|harta",
        fr="plus jamais|la pire entreprise|le pire service|ras le bol|j'en ai marre",
        zh="再也不|最差|受够了|垃圾公司",
    ),
    _rule(
        "Praise or thanks",
        "nature",
        "not_a_complaint",
        80,
        0.75,
        en="thank you so much|thanks so much|great service|excellent service|well done|"
        "love your|keep up the good work|amazing staff",
        es="muchas gracias|excelente servicio|buen trabajo|me encanta",
        fr="merci beaucoup|excellent service|bravo|super service|je vous remercie",
        zh="非常感谢|服务很好|好评|赞|满意",
    ),
    _rule(
        "Spam",
        "nature",
        "not_a_complaint",
        5,
        0.9,
        en="unsubscribe|click here|casino|crypto investment|viagra|earn money fast|seo services",
        es="haga clic aquí|casino|gane dinero",
        fr="cliquez ici|casino|gagnez de l'argent",
        zh="点击链接|博彩|刷单|加微信",
    ),
    # Categories of the demo tree.
    _rule(
        "Emergency and safety",
        "category",
        "emergency-and-safety",
        5,
        0.9,
        en="fire|smoke|gas leak|smell of gas|electric shock|sparks|explosion|"
        "carbon monoxide|injured|dangerous|unsafe",
        es="incendio|humo|fuga de gas|descarga eléctrica|chispas|explosión|herido|peligroso",
        fr="incendie|fumée|fuite de gaz|décharge électrique|étincelles|explosion|blessé|dangereux",
        zh="起火|冒烟|煤气泄漏|触电|爆炸|受伤|危险|安全隐患",
    ),
    _rule(
        "Billing and charges",
        "category",
        "billing-and-charges",
        20,
        0.8,
        en="charged twice|double charged|overcharged|invoice|bill|billing|direct debit|"
        "fee|fees|charged me|refund",
        es="factura|cobro|cobraron|cargo|comisión|recibo|domiciliación",
        fr="facture|facturation|prélèvement|prélevé|frais|débité|tarif",
        zh="扣费|收费|账单|发票|多扣|乱收费",
    ),
    _rule(
        "Delivery",
        "category",
        "delivery",
        30,
        0.8,
        en="delivery|delivered|parcel|package|courier|shipping|shipment|never arrived|"
        "tracking number",
        es="entrega|envío|paquete|mensajero|no ha llegado|repartidor",
        fr="livraison|livré|colis|transporteur|expédition|jamais arrivé|livreur",
        zh="快递|物流|送货|配送|没收到货|发货",
    ),
    _rule(
        "Repair and maintenance",
        "category",
        "repair-and-maintenance",
        40,
        0.8,
        en="repair|repaired|technician|engineer visit|maintenance|service visit|not fixed|fix it",
        es="reparación|reparar|técnico|mantenimiento|no lo arreglaron",
        fr="réparation|réparer|technicien|maintenance|intervention|dépannage",
        zh="维修|修理|师傅|保养|上门|售后维修",
    ),
    _rule(
        "Service attitude",
        "category",
        "service-attitude",
        50,
        0.8,
        en="rude|impolite|unfriendly|disrespectful|shouted at|hung up on me|attitude|"
        "condescending|arrogant",
        es="maleducado|grosero|mala educación|me colgaron|actitud|prepotente",
        fr="impoli|désagréable|irrespectueux|m'a raccroché au nez|attitude|méprisant|arrogant",
        zh="态度差|态度恶劣|不礼貌|挂电话|服务态度|爱理不理",
    ),
    _rule(
        "Contract and sales",
        "category",
        "contract-and-sales",
        60,
        0.75,
        en="contract|subscription|cancel my|cancellation|mis-sold|misled|salesman|"
        "sales rep|terms and conditions|renewal|early termination",
        es="contrato|suscripción|darme de baja|cancelación|permanencia|comercial|engañaron",
        fr="contrat|abonnement|résiliation|résilier|commercial|vendeur|engagement|trompé",
        zh="合同|签约|销售|退订|解约|虚假宣传|欺骗",
    ),
    _rule(
        "Product quality",
        "category",
        "product-quality",
        70,
        0.75,
        en="defective|faulty|poor quality|stopped working|broke after|fell apart|"
        "expired|counterfeit|doesn't work|does not work",
        es="defectuoso|mala calidad|dejó de funcionar|se rompió|caducado|no funciona",
        fr="défectueux|mauvaise qualité|ne fonctionne plus|cassé|périmé|contrefaçon|ne marche pas",
        zh="质量差|质量问题|坏了|不能用|过期|假货|掉色|破损",
    ),
    _rule(
        "Equipment",
        "category",
        "equipment",
        80,
        0.7,
        en="router|modem|meter|boiler|machine|device|equipment|atm|elevator|lift|set-top box",
        es="router|módem|contador|caldera|máquina|dispositivo|equipo|cajero",
        fr="box|routeur|modem|compteur|chaudière|machine|appareil|équipement|distributeur",
        zh="路由器|机顶盒|电表|热水器|设备|机器|电梯",
    ),
    _rule(
        "Service quality",
        "category",
        "service-quality",
        90,
        0.7,
        en="waited|waiting for|on hold|no one answered|nobody answered|slow service|"
        "no response|never called back|queue|delay|delayed",
        es="esperando|en espera|nadie contesta|no responden|servicio lento|retraso",
        fr="attente|en attente|personne ne répond|aucune réponse|service lent|retard",
        zh="等了|没人接|没有回复|服务差|效率低|拖延",
    ),
    # Remedies sought (every one that fires).
    _rule(
        "Refund",
        "remedy_sought",
        "refund",
        10,
        0.85,
        en="refund|money back|reimburse|reimbursement|chargeback",
        es="reembolso|devolución del dinero|devuelvan mi dinero|reintegro",
        fr="remboursement|rembourser|remboursé|récupérer mon argent",
        zh="退款|退钱|返还",
    ),
    _rule(
        "Compensation",
        "remedy_sought",
        "compensation",
        10,
        0.85,
        en="compensation|compensate|damages|goodwill gesture|make it up to me",
        es="indemnización|compensación|compensar|daños y perjuicios",
        fr="indemnisation|indemniser|dédommagement|dédommager|geste commercial|compensation",
        zh="赔偿|补偿|赔付",
    ),
    _rule(
        "Replacement",
        "remedy_sought",
        "replacement",
        10,
        0.8,
        en="replacement|replace it|new one|exchange it|swap it",
        es="reemplazo|cambio del producto|uno nuevo|sustitución",
        fr="remplacement|remplacer|échange|un nouveau",
        zh="换货|更换|换一个|换新",
    ),
    _rule(
        "Repair",
        "remedy_sought",
        "repair",
        10,
        0.8,
        en="repair it|fix it|send a technician|send an engineer|come and fix",
        es="que lo reparen|arreglarlo|envíen un técnico",
        fr="le réparer|envoyer un technicien|venir réparer",
        zh="修好|维修|派师傅",
    ),
    _rule(
        "Apology",
        "remedy_sought",
        "apology",
        10,
        0.8,
        en="apology|apologise|apologize|say sorry",
        es="disculpa|disculpas|pedir perdón",
        fr="excuses|s'excuser",
        zh="道歉|赔礼",
    ),
    _rule(
        "Explanation",
        "remedy_sought",
        "explanation",
        10,
        0.7,
        en="explain why|an explanation|want to know why|tell me why",
        es="una explicación|explicar por qué|quiero saber por qué",
        fr="une explication|expliquer pourquoi|savoir pourquoi",
        zh="解释|说明原因|给个说法",
    ),
    # The customer's state.
    _rule(
        "Feels ignored",
        "customer_state",
        "respect",
        10,
        0.8,
        en="nobody listens|no one listens|ignored|no one called back|nobody called back|"
        "treated like|no one cares|nobody cares|take me seriously|hung up on me|"
        "disrespect",
        es="nadie escucha|me ignoran|nadie me llamó|me tratan como|a nadie le importa|me colgaron",
        fr="personne n'écoute|ignoré|ignorée|personne ne m'a rappelé|traité comme|"
        "traitée comme|tout le monde s'en fiche|raccroché",
        zh="没人理|不理人|不重视|敷衍|挂电话|不尊重",
    ),
    _rule(
        "Wants to be heard",
        "customer_state",
        "vent",
        20,
        0.7,
        en="i just want to say|just so you know|never again|i had to share|fed up|sick and tired",
        es="solo quiero decir|nunca más|harto|harta",
        fr="je tenais à dire|plus jamais|ras le bol|j'en ai marre",
        zh="再也不|受够了|吐槽",
    ),
)
