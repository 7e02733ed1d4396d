"""What the seeded complaints say, in the four languages the product speaks.

Each complaint is composed from a bank of its language: an opening, the problem of its
category's theme, what it cost the customer and what they ask for, with an item, an order
number, an amount and a date filled in. A few hundred phrases give millions of different
texts that read like real ones, so search, sorting and page sizes behave as they would on a
real archive.

Placeholders: {item} {order} {amount} {date} {reference} {name}."""

from __future__ import annotations

from dataclasses import dataclass

# The text themes a category's root belongs to (see population.CATEGORY_TREE).
THEMES = (
    "billing",
    "delivery",
    "defect",
    "returns",
    "service",
    "website",
    "installation",
    "privacy",
)


@dataclass(frozen=True, kw_only=True)
class Theme:
    subjects: tuple[str, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Bank:
    """Everything said in one language."""

    language: str
    currency: str
    phone_prefix: str
    # (as written, as it would appear in an e-mail address)
    given_names: tuple[tuple[str, str], ...]
    family_names: tuple[tuple[str, str], ...]
    family_name_first: bool
    cities: tuple[str, ...]
    months: tuple[str, ...]
    date_format: str
    items: tuple[str, ...]
    # A word that appears only in `items`, searched for by the read benchmark.
    search_term: str
    themes: dict[str, Theme]
    openings: tuple[str, ...]
    impacts: tuple[str, ...]
    asks: tuple[str, ...]
    acknowledgement: tuple[str, str]
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    remedy_plans: tuple[str, ...]
    remedy_rejections: tuple[str, ...]
    holding_replies: tuple[str, ...]
    notes: tuple[str, ...]
    resolutions: tuple[str, ...]
    resolved: tuple[str, str]
    closed: tuple[str, str]
    close_reasons: tuple[str, ...]
    withdrawals: tuple[str, ...]
    reopenings: tuple[str, ...]

    def name(self, given: int, family: int) -> tuple[str, str]:
        """A customer's name and the local part of their e-mail address."""
        first, first_ascii = self.given_names[given % len(self.given_names)]
        last, last_ascii = self.family_names[family % len(self.family_names)]
        written = f"{last}{first}" if self.family_name_first else f"{first} {last}"
        return written, f"{first_ascii}.{last_ascii}"

    def date(self, day: int, month: int) -> str:
        return self.date_format.format(day=day, month=self.months[month - 1], m=month)


ENGLISH = Bank(
    language="en",
    currency="GBP",
    phone_prefix="+44 7700 9",
    given_names=(
        ("Oliver", "oliver"),
        ("Amelia", "amelia"),
        ("Jack", "jack"),
        ("Isla", "isla"),
        ("Harry", "harry"),
        ("Emily", "emily"),
        ("George", "george"),
        ("Sophie", "sophie"),
        ("Noah", "noah"),
        ("Grace", "grace"),
        ("Thomas", "thomas"),
        ("Chloe", "chloe"),
        ("James", "james"),
        ("Ruby", "ruby"),
        ("Daniel", "daniel"),
        ("Hannah", "hannah"),
    ),
    family_names=(
        ("Smith", "smith"),
        ("Jones", "jones"),
        ("Taylor", "taylor"),
        ("Brown", "brown"),
        ("Williams", "williams"),
        ("Wilson", "wilson"),
        ("Johnson", "johnson"),
        ("Davies", "davies"),
        ("Patel", "patel"),
        ("Robinson", "robinson"),
        ("Wright", "wright"),
        ("Thompson", "thompson"),
        ("Evans", "evans"),
        ("Walker", "walker"),
        ("Khan", "khan"),
        ("Hughes", "hughes"),
    ),
    family_name_first=False,
    cities=("Leeds", "Bristol", "Manchester", "Glasgow", "Cardiff", "Norwich", "York", "Belfast"),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date_format="{day} {month}",
    items=(
        "washing machine",
        "laptop",
        "sofa",
        "mobile phone",
        "coffee maker",
        "dishwasher",
        "television",
        "mattress",
        "fridge freezer",
        "printer",
        "kettle",
        "vacuum cleaner",
    ),
    search_term="dishwasher",
    themes={
        "billing": Theme(
            subjects=("Charged twice for order {order}", "Wrong amount on my invoice"),
            problems=(
                "My card was charged {amount} twice for order {order} on {date}, but I only "
                "authorised one payment.",
                "The invoice for my {item} shows {amount} although the price at checkout was "
                "lower.",
                "A payment of {amount} I do not recognise was taken from my account on {date}.",
            ),
        ),
        "delivery": Theme(
            subjects=("Order {order} still not delivered", "My {item} arrived damaged"),
            problems=(
                "My {item} (order {order}) was due on {date} and has still not arrived.",
                "The courier marked order {order} as delivered on {date} but nothing was left "
                "at my address.",
                "The {item} arrived on {date} with the box crushed and the front panel cracked.",
            ),
        ),
        "defect": Theme(
            subjects=("My {item} stopped working", "Faulty {item} after two weeks"),
            problems=(
                "The {item} I bought on {date} stopped working after a few days.",
                "My {item} makes a loud grinding noise and then switches itself off.",
                "The {item} overheats within ten minutes of use, which worries me.",
            ),
        ),
        "returns": Theme(
            subjects=("Refund for order {order} not received", "Return of my {item} refused"),
            problems=(
                "I returned the {item} on {date} and I am still waiting for my refund of {amount}.",
                "Your store refused to take back the {item} although it was within the return "
                "period.",
                "The refund for order {order} was {amount} short of what I paid.",
            ),
        ),
        "service": Theme(
            subjects=("Nobody answers my calls", "Rude treatment at your store"),
            problems=(
                "I have called your helpline four times since {date} and waited over an hour "
                "each time.",
                "The member of staff I spoke to on {date} was rude and refused to help with my "
                "{item}.",
                "I was promised a call back about order {order} on {date} and nobody called.",
            ),
        ),
        "website": Theme(
            subjects=("Cannot complete my order online", "Your app charged me but no order"),
            problems=(
                "The checkout failed three times on {date} when I tried to buy a {item}.",
                "Your app took {amount} from my card but order {order} never appeared in my "
                "account.",
                "The discount code on your website was refused for the {item} on {date}.",
            ),
        ),
        "installation": Theme(
            subjects=("Installer did not turn up", "Installation of my {item} left unfinished"),
            problems=(
                "The installer booked for {date} to fit my {item} never turned up.",
                "The engineer left my {item} half installed and water is leaking onto the floor.",
                "I was charged {amount} extra for the installation of my {item} without any "
                "warning.",
            ),
        ),
        "privacy": Theme(
            subjects=("Marketing e-mails after I unsubscribed", "Someone else's order details"),
            problems=(
                "I keep receiving marketing e-mails although I unsubscribed on {date}.",
                "My account showed another customer's order {order} with their address.",
                "I asked for a copy of my data on {date} and have heard nothing since.",
            ),
        ),
    },
    openings=(
        "I am writing to complain about my recent order.",
        "I am very disappointed with your service.",
        "This is the second time I have had to contact you.",
        "I have been a loyal customer for years, but this is not acceptable.",
    ),
    impacts=(
        "I had to take a day off work because of this.",
        "This has caused me a great deal of stress.",
        "My family has been without it for over a week now.",
        "I have spent hours on the phone trying to sort this out.",
    ),
    asks=(
        "Please refund the full amount.",
        "I would like a replacement as soon as possible.",
        "I expect an explanation and an apology.",
        "Please sort this out within the week.",
    ),
    acknowledgement=(
        "We have received your complaint {reference}",
        "Dear {name},\n\nThank you for telling us. Your complaint has been recorded under the "
        "reference {reference}. A member of our team will review it and contact you within "
        "24 hours.",
    ),
    questions=(
        "Could you send us a photo of the damage and the label on the box?",
        "Could you tell us the last four digits of the card that was charged?",
        "Which day and time would suit you for an engineer to visit?",
        "Could you send us a copy of your receipt or order confirmation?",
    ),
    answers=(
        "Here is the photo you asked for. The box was already open when it arrived.",
        "The card ends in 4417. Both payments show on my statement.",
        "Any weekday morning next week would be fine.",
        "I have attached the confirmation e-mail I received.",
    ),
    remedy_plans=(
        "Refund the duplicate payment and add a goodwill credit of {amount}.",
        "Send a replacement {item} by express delivery and collect the faulty one.",
        "Book a free engineer visit and waive the installation charge.",
        "Refund the full amount of {amount} to the original card.",
    ),
    remedy_rejections=(
        "That does not cover what I lost. I want a full refund.",
        "I do not accept the proposal; a voucher is no use to me.",
    ),
    holding_replies=(
        "Thank you for your patience. I am looking into this personally and will reply "
        "within two working days.",
        "I have passed your complaint to the team concerned and asked for an answer by Friday.",
        "We are still waiting for the report from our courier and will update you as soon "
        "as we have it.",
    ),
    notes=(
        "Checked the payment logs: two captures on the same order.",
        "Courier confirms the parcel was scanned at the depot but not loaded.",
        "Customer called again, very upset. Promised an answer this week.",
        "Same fault reported on three other units from this batch.",
        "Goodwill credit approved by the team leader.",
    ),
    resolutions=(
        "The duplicate payment was refunded and a goodwill credit was applied.",
        "A replacement was delivered and the faulty unit collected.",
        "The engineer completed the installation free of charge.",
        "The refund was issued and the customer confirmed receipt.",
    ),
    resolved=(
        "Your complaint {reference} has been resolved",
        "Dear {name},\n\nWe have completed the work on your complaint {reference}. If "
        "anything is still not right, just reply to this message.",
    ),
    closed=(
        "Your complaint {reference} is closed",
        "Dear {name},\n\nYour complaint {reference} is now closed. Thank you for helping "
        "us improve.",
    ),
    close_reasons=(
        "Customer confirmed by phone that all is well.",
        "Resolved at first contact; no follow-up needed.",
    ),
    withdrawals=(
        "The shop sorted it out directly, so I withdraw my complaint.",
        "A neighbour had the parcel all along. You can close this, thanks.",
    ),
    reopenings=(
        "The same fault has come back. Please reopen my complaint.",
        "The refund you promised never reached my account.",
    ),
)

SPANISH = Bank(
    language="es",
    currency="EUR",
    phone_prefix="+34 612 3",
    given_names=(
        ("María", "maria"),
        ("José", "jose"),
        ("Lucía", "lucia"),
        ("Antonio", "antonio"),
        ("Carmen", "carmen"),
        ("Manuel", "manuel"),
        ("Laura", "laura"),
        ("Javier", "javier"),
        ("Marta", "marta"),
        ("David", "david"),
        ("Elena", "elena"),
        ("Pablo", "pablo"),
        ("Sara", "sara"),
        ("Jorge", "jorge"),
        ("Paula", "paula"),
        ("Álvaro", "alvaro"),
    ),
    family_names=(
        ("García", "garcia"),
        ("Rodríguez", "rodriguez"),
        ("González", "gonzalez"),
        ("Fernández", "fernandez"),
        ("López", "lopez"),
        ("Martínez", "martinez"),
        ("Sánchez", "sanchez"),
        ("Pérez", "perez"),
        ("Gómez", "gomez"),
        ("Martín", "martin"),
        ("Jiménez", "jimenez"),
        ("Ruiz", "ruiz"),
        ("Hernández", "hernandez"),
        ("Díaz", "diaz"),
        ("Moreno", "moreno"),
        ("Navarro", "navarro"),
    ),
    family_name_first=False,
    cities=("Madrid", "Sevilla", "Valencia", "Bilbao", "Zaragoza", "Málaga", "Murcia", "Vigo"),
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    date_format="{day} de {month}",
    items=(
        "frigorífico",
        "portátil",
        "sofá",
        "teléfono móvil",
        "microondas",
        "lavavajillas",
        "televisor",
        "colchón",
        "horno",
        "secador de pelo",
        "hervidor",
        "aspirador",
    ),
    search_term="frigorífico",
    themes={
        "billing": Theme(
            subjects=(
                "Me han cobrado dos veces el pedido {order}",
                "Importe incorrecto en la factura",
            ),
            problems=(
                "Me han cargado {amount} dos veces por el pedido {order} el {date}, y solo "
                "autoricé un pago.",
                "La factura de mi {item} indica {amount}, pero el precio al pagar era menor.",
                "El {date} me cobraron {amount} que no reconozco.",
            ),
        ),
        "delivery": Theme(
            subjects=("El pedido {order} sigue sin llegar", "Mi {item} llegó dañado"),
            problems=(
                "Mi {item} (pedido {order}) tenía que llegar el {date} y todavía no ha llegado.",
                "El repartidor marcó el pedido {order} como entregado el {date}, pero no "
                "dejaron nada en mi domicilio.",
                "El {item} llegó el {date} con la caja aplastada y el frontal roto.",
            ),
        ),
        "defect": Theme(
            subjects=("Mi {item} ha dejado de funcionar", "Avería en mi {item} a las dos semanas"),
            problems=(
                "El {item} que compré el {date} dejó de funcionar a los pocos días.",
                "Mi {item} hace un ruido muy fuerte y luego se apaga solo.",
                "El {item} se calienta demasiado a los diez minutos de uso y me da miedo.",
            ),
        ),
        "returns": Theme(
            subjects=(
                "No he recibido el reembolso del pedido {order}",
                "Me rechazan la devolución",
            ),
            problems=(
                "Devolví el {item} el {date} y sigo esperando el reembolso de {amount}.",
                "En la tienda se negaron a aceptar la devolución del {item} aunque estaba "
                "dentro del plazo.",
                "El reembolso del pedido {order} fue {amount} menos de lo que pagué.",
            ),
        ),
        "service": Theme(
            subjects=("Nadie contesta mis llamadas", "Trato grosero en su tienda"),
            problems=(
                "He llamado cuatro veces desde el {date} y cada vez he esperado más de una hora.",
                "La persona que me atendió el {date} fue grosera y no quiso ayudarme con mi "
                "{item}.",
                "Me prometieron una llamada sobre el pedido {order} el {date} y nadie llamó.",
            ),
        ),
        "website": Theme(
            subjects=(
                "No puedo terminar mi pedido en la web",
                "La app me cobró pero no hay pedido",
            ),
            problems=(
                "El pago falló tres veces el {date} cuando intentaba comprar un {item}.",
                "La aplicación me cobró {amount} pero el pedido {order} no aparece en mi cuenta.",
                "El código de descuento de la web no funcionó para el {item} el {date}.",
            ),
        ),
        "installation": Theme(
            subjects=("El instalador no vino", "Instalación de mi {item} sin terminar"),
            problems=(
                "El instalador que tenía que montar mi {item} el {date} no se presentó.",
                "El técnico dejó el {item} a medio instalar y sale agua al suelo.",
                "Me cobraron {amount} de más por la instalación del {item} sin avisar.",
            ),
        ),
        "privacy": Theme(
            subjects=("Sigo recibiendo publicidad", "Veo datos de otro cliente"),
            problems=(
                "Sigo recibiendo correos publicitarios aunque me di de baja el {date}.",
                "En mi cuenta aparecía el pedido {order} de otro cliente con su dirección.",
                "Pedí una copia de mis datos el {date} y no he tenido respuesta.",
            ),
        ),
    },
    openings=(
        "Les escribo para presentar una reclamación sobre mi último pedido.",
        "Estoy muy decepcionado con su servicio.",
        "Es la segunda vez que tengo que ponerme en contacto con ustedes.",
        "Soy cliente desde hace años, pero esto no es aceptable.",
    ),
    impacts=(
        "He tenido que pedir un día libre en el trabajo por esto.",
        "Esta situación me ha causado mucho estrés.",
        "Mi familia lleva más de una semana sin poder usarlo.",
        "He pasado horas al teléfono intentando solucionarlo.",
    ),
    asks=(
        "Solicito el reembolso del importe completo.",
        "Quiero que me lo sustituyan cuanto antes.",
        "Espero una explicación y una disculpa.",
        "Les ruego que lo resuelvan esta semana.",
    ),
    acknowledgement=(
        "Hemos recibido su reclamación {reference}",
        "Estimado/a {name}:\n\nGracias por informarnos. Su reclamación ha quedado registrada "
        "con la referencia {reference}. Un miembro de nuestro equipo la revisará y se pondrá "
        "en contacto con usted en un plazo de 24 horas.",
    ),
    questions=(
        "¿Podría enviarnos una foto de los daños y de la etiqueta de la caja?",
        "¿Podría indicarnos los cuatro últimos dígitos de la tarjeta?",
        "¿Qué día y hora le vendría bien para la visita del técnico?",
        "¿Podría enviarnos una copia del ticket o de la confirmación del pedido?",
    ),
    answers=(
        "Adjunto la foto. La caja ya venía abierta.",
        "La tarjeta termina en 4417. Los dos cargos aparecen en el extracto.",
        "Cualquier mañana de la semana que viene me viene bien.",
        "Adjunto el correo de confirmación que recibí.",
    ),
    remedy_plans=(
        "Devolver el cargo duplicado y abonar {amount} como gesto de buena voluntad.",
        "Enviar un {item} nuevo por mensajería urgente y recoger el defectuoso.",
        "Programar una visita gratuita del técnico sin coste de instalación.",
        "Reembolsar los {amount} en la tarjeta original.",
    ),
    remedy_rejections=(
        "Esto no cubre lo que he perdido. Pido el reembolso completo.",
        "No acepto la propuesta; un vale no me sirve.",
    ),
    holding_replies=(
        "Gracias por su paciencia. Estoy revisando su caso personalmente y le responderé en "
        "dos días hábiles.",
        "He trasladado su reclamación al departamento correspondiente y les he pedido una "
        "respuesta antes del viernes.",
        "Seguimos esperando el informe de la empresa de transporte y le avisaremos en cuanto "
        "lo tengamos.",
    ),
    notes=(
        "Revisados los registros de pago: dos cobros del mismo pedido.",
        "La empresa de transporte confirma que el paquete no salió del almacén.",
        "El cliente ha vuelto a llamar, muy molesto. Le prometí respuesta esta semana.",
        "La misma avería en otras tres unidades del mismo lote.",
        "Compensación aprobada por la responsable del equipo.",
    ),
    resolutions=(
        "Se devolvió el cargo duplicado y se aplicó una compensación.",
        "Se entregó un aparato nuevo y se recogió el defectuoso.",
        "El técnico terminó la instalación sin coste.",
        "Se emitió el reembolso y el cliente confirmó que lo recibió.",
    ),
    resolved=(
        "Su reclamación {reference} ha sido resuelta",
        "Estimado/a {name}:\n\nHemos terminado de tramitar su reclamación {reference}. Si algo "
        "no está bien, responda a este mensaje.",
    ),
    closed=(
        "Su reclamación {reference} está cerrada",
        "Estimado/a {name}:\n\nSu reclamación {reference} está cerrada. Gracias por ayudarnos "
        "a mejorar.",
    ),
    close_reasons=(
        "El cliente confirmó por teléfono que todo está bien.",
        "Resuelta en el primer contacto; no requiere seguimiento.",
    ),
    withdrawals=(
        "La tienda me lo ha solucionado directamente, retiro la reclamación.",
        "El paquete lo tenía un vecino. Pueden cerrar el caso, gracias.",
    ),
    reopenings=(
        "La avería ha vuelto a aparecer. Por favor, reabran mi reclamación.",
        "El reembolso que me prometieron nunca llegó a mi cuenta.",
    ),
)

FRENCH = Bank(
    language="fr",
    currency="EUR",
    phone_prefix="+33 6 12 3",
    given_names=(
        ("Camille", "camille"),
        ("Louis", "louis"),
        ("Léa", "lea"),
        ("Hugo", "hugo"),
        ("Chloé", "chloe"),
        ("Lucas", "lucas"),
        ("Manon", "manon"),
        ("Jules", "jules"),
        ("Inès", "ines"),
        ("Gabriel", "gabriel"),
        ("Sarah", "sarah"),
        ("Arthur", "arthur"),
        ("Juliette", "juliette"),
        ("Raphaël", "raphael"),
        ("Zoé", "zoe"),
        ("Nathan", "nathan"),
    ),
    family_names=(
        ("Martin", "martin"),
        ("Bernard", "bernard"),
        ("Dubois", "dubois"),
        ("Thomas", "thomas"),
        ("Robert", "robert"),
        ("Richard", "richard"),
        ("Petit", "petit"),
        ("Durand", "durand"),
        ("Leroy", "leroy"),
        ("Moreau", "moreau"),
        ("Simon", "simon"),
        ("Laurent", "laurent"),
        ("Lefèvre", "lefevre"),
        ("Michel", "michel"),
        ("Garcia", "garcia"),
        ("Fournier", "fournier"),
    ),
    family_name_first=False,
    cities=("Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse", "Rennes", "Strasbourg", "Nice"),
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    date_format="{day} {month}",
    items=(
        "lave-linge",
        "PC portable",
        "canapé",
        "téléphone portable",
        "grille-pain",
        "lave-vaisselle",
        "téléviseur",
        "matelas",
        "réfrigérateur",
        "four à micro-ondes",
        "sèche-linge",
        "robot de cuisine",
    ),
    search_term="réfrigérateur",
    themes={
        "billing": Theme(
            subjects=("Commande {order} débitée deux fois", "Montant erroné sur ma facture"),
            problems=(
                "Ma carte a été débitée de {amount} deux fois pour la commande {order} le "
                "{date}, alors que je n'ai autorisé qu'un paiement.",
                "La facture de mon {item} indique {amount} alors que le prix affiché était "
                "inférieur.",
                "Un prélèvement de {amount} que je ne reconnais pas a été effectué le {date}.",
            ),
        ),
        "delivery": Theme(
            subjects=("Commande {order} toujours pas livrée", "Mon {item} est arrivé abîmé"),
            problems=(
                "Mon {item} (commande {order}) devait être livré le {date} et n'est toujours "
                "pas arrivé.",
                "Le livreur a indiqué la commande {order} comme livrée le {date}, mais rien "
                "n'a été déposé chez moi.",
                "Le {item} est arrivé le {date} avec le carton écrasé et la façade fendue.",
            ),
        ),
        "defect": Theme(
            subjects=(
                "Mon {item} ne fonctionne plus",
                "Panne de mon {item} au bout de deux semaines",
            ),
            problems=(
                "Le {item} acheté le {date} est tombé en panne au bout de quelques jours.",
                "Mon {item} fait un bruit de grincement très fort puis s'éteint tout seul.",
                "Le {item} chauffe anormalement après dix minutes d'utilisation.",
            ),
        ),
        "returns": Theme(
            subjects=(
                "Remboursement de la commande {order} non reçu",
                "Retour de mon {item} refusé",
            ),
            problems=(
                "J'ai renvoyé le {item} le {date} et j'attends toujours mon remboursement de "
                "{amount}.",
                "Le magasin a refusé de reprendre le {item} alors que j'étais dans le délai de "
                "retour.",
                "Le remboursement de la commande {order} est inférieur de {amount} à ce que "
                "j'ai payé.",
            ),
        ),
        "service": Theme(
            subjects=("Personne ne répond à mes appels", "Accueil désagréable en magasin"),
            problems=(
                "J'ai appelé votre service client quatre fois depuis le {date} et attendu plus "
                "d'une heure à chaque fois.",
                "Le vendeur rencontré le {date} a été impoli et a refusé de m'aider pour mon "
                "{item}.",
                "On m'avait promis un rappel au sujet de la commande {order} le {date} et "
                "personne n'a rappelé.",
            ),
        ),
        "website": Theme(
            subjects=(
                "Impossible de finaliser ma commande en ligne",
                "Débité sur l'appli sans commande",
            ),
            problems=(
                "Le paiement a échoué trois fois le {date} quand j'ai voulu acheter un {item}.",
                "L'application m'a débité {amount} mais la commande {order} n'apparaît pas "
                "dans mon compte.",
                "Le code promo du site a été refusé pour le {item} le {date}.",
            ),
        ),
        "installation": Theme(
            subjects=("L'installateur n'est pas venu", "Installation de mon {item} inachevée"),
            problems=(
                "L'installateur prévu le {date} pour mon {item} ne s'est jamais présenté.",
                "Le technicien a laissé mon {item} à moitié installé et de l'eau coule par terre.",
                "On m'a facturé {amount} de plus pour l'installation de mon {item} sans me "
                "prévenir.",
            ),
        ),
        "privacy": Theme(
            subjects=("Publicités malgré ma désinscription", "Les données d'un autre client"),
            problems=(
                "Je reçois toujours des e-mails publicitaires alors que je me suis désinscrit "
                "le {date}.",
                "Mon compte affichait la commande {order} d'un autre client avec son adresse.",
                "J'ai demandé une copie de mes données le {date} et je n'ai aucune nouvelle.",
            ),
        ),
    },
    openings=(
        "Je vous écris pour me plaindre de ma dernière commande.",
        "Je suis très déçu de votre service.",
        "C'est la deuxième fois que je dois vous contacter.",
        "Je suis client depuis des années, mais ceci n'est pas acceptable.",
    ),
    impacts=(
        "J'ai dû prendre un jour de congé à cause de cela.",
        "Cette situation m'a causé beaucoup de stress.",
        "Ma famille en est privée depuis plus d'une semaine.",
        "J'ai passé des heures au téléphone pour essayer de régler le problème.",
    ),
    asks=(
        "Je demande le remboursement intégral.",
        "Je souhaite un remplacement au plus vite.",
        "J'attends une explication et des excuses.",
        "Merci de régler ce problème dans la semaine.",
    ),
    acknowledgement=(
        "Nous avons bien reçu votre réclamation {reference}",
        "Bonjour {name},\n\nMerci de nous avoir informés. Votre réclamation est enregistrée "
        "sous la référence {reference}. Un membre de notre équipe l'examinera et vous "
        "contactera sous 24 heures.",
    ),
    questions=(
        "Pourriez-vous nous envoyer une photo des dégâts et de l'étiquette du carton ?",
        "Pourriez-vous nous indiquer les quatre derniers chiffres de la carte débitée ?",
        "Quel jour et quelle heure vous conviendraient pour le passage du technicien ?",
        "Pourriez-vous nous envoyer une copie du ticket ou de la confirmation de commande ?",
    ),
    answers=(
        "Voici la photo demandée. Le carton était déjà ouvert à la livraison.",
        "La carte se termine par 4417. Les deux débits figurent sur mon relevé.",
        "N'importe quelle matinée de la semaine prochaine me convient.",
        "Je joins l'e-mail de confirmation que j'ai reçu.",
    ),
    remedy_plans=(
        "Rembourser le débit en double et accorder un geste commercial de {amount}.",
        "Envoyer un {item} neuf en express et reprendre l'appareil défectueux.",
        "Programmer un passage gratuit du technicien sans frais d'installation.",
        "Rembourser les {amount} sur la carte d'origine.",
    ),
    remedy_rejections=(
        "Cela ne couvre pas ce que j'ai perdu. Je demande un remboursement complet.",
        "Je refuse la proposition ; un bon d'achat ne m'est d'aucune utilité.",
    ),
    holding_replies=(
        "Merci de votre patience. Je m'occupe personnellement de votre dossier et vous "
        "répondrai sous deux jours ouvrés.",
        "J'ai transmis votre réclamation au service concerné en demandant une réponse avant "
        "vendredi.",
        "Nous attendons encore le rapport du transporteur et reviendrons vers vous dès que "
        "possible.",
    ),
    notes=(
        "Vérifié les journaux de paiement : deux captures pour la même commande.",
        "Le transporteur confirme que le colis n'a pas quitté l'entrepôt.",
        "Le client a rappelé, très mécontent. Réponse promise cette semaine.",
        "Même panne signalée sur trois autres appareils du même lot.",
        "Geste commercial validé par la responsable d'équipe.",
    ),
    resolutions=(
        "Le débit en double a été remboursé et un geste commercial accordé.",
        "Un appareil neuf a été livré et l'ancien repris.",
        "Le technicien a terminé l'installation gratuitement.",
        "Le remboursement a été effectué et le client en a confirmé la réception.",
    ),
    resolved=(
        "Votre réclamation {reference} est résolue",
        "Bonjour {name},\n\nNous avons terminé le traitement de votre réclamation "
        "{reference}. Si quelque chose ne va pas, répondez simplement à ce message.",
    ),
    closed=(
        "Votre réclamation {reference} est close",
        "Bonjour {name},\n\nVotre réclamation {reference} est désormais close. Merci de nous "
        "aider à progresser.",
    ),
    close_reasons=(
        "Le client a confirmé par téléphone que tout va bien.",
        "Résolue au premier contact ; aucun suivi nécessaire.",
    ),
    withdrawals=(
        "Le magasin a réglé le problème directement, je retire ma réclamation.",
        "Le colis était chez un voisin. Vous pouvez clore le dossier, merci.",
    ),
    reopenings=(
        "La même panne est revenue. Merci de rouvrir ma réclamation.",
        "Le remboursement promis n'est jamais arrivé sur mon compte.",
    ),
)

CHINESE = Bank(
    language="zh-hans",
    currency="CNY",
    phone_prefix="+86 138 001",
    given_names=(
        ("伟", "wei"),
        ("芳", "fang"),
        ("娜", "na"),
        ("敏", "min"),
        ("静", "jing"),
        ("磊", "lei"),
        ("强", "qiang"),
        ("洋", "yang"),
        ("艳", "yan"),
        ("杰", "jie"),
        ("丽", "li"),
        ("军", "jun"),
        ("婷", "ting"),
        ("浩", "hao"),
        ("雪", "xue"),
        ("晨", "chen"),
    ),
    family_names=(
        ("王", "wang"),
        ("李", "li"),
        ("张", "zhang"),
        ("刘", "liu"),
        ("陈", "chen"),
        ("杨", "yang"),
        ("黄", "huang"),
        ("赵", "zhao"),
        ("吴", "wu"),
        ("周", "zhou"),
        ("徐", "xu"),
        ("孙", "sun"),
        ("马", "ma"),
        ("朱", "zhu"),
        ("胡", "hu"),
        ("郭", "guo"),
    ),
    family_name_first=True,
    cities=("上海", "北京", "广州", "深圳", "成都", "杭州", "武汉", "南京"),
    months=tuple(f"{m}月" for m in range(1, 13)),
    date_format="{month}{day}日",
    items=(
        "洗衣机",
        "笔记本电脑",
        "沙发",
        "手机",
        "咖啡机",
        "洗碗机",
        "电视机",
        "床垫",
        "冰箱",
        "打印机",
        "电水壶",
        "吸尘器",
    ),
    search_term="洗衣机",
    themes={
        "billing": Theme(
            subjects=("订单{order}被重复扣款", "发票金额有误"),
            problems=(
                "{date}我的银行卡因订单{order}被扣了两次{amount}，但我只授权了一次付款。",
                "我买的{item}发票上写的是{amount}，比结账时的价格高。",
                "{date}我的账户被扣了一笔{amount}，我不知道是什么费用。",
            ),
        ),
        "delivery": Theme(
            subjects=("订单{order}至今未送达", "收到的{item}已损坏"),
            problems=(
                "我的{item}（订单{order}）原定{date}送达，到现在还没有收到。",
                "快递员{date}把订单{order}标记为已签收，但我家门口什么都没有。",
                "{item}{date}送到时纸箱被压扁，前面板也裂了。",
            ),
        ),
        "defect": Theme(
            subjects=("我的{item}坏了", "{item}用了两周就出故障"),
            problems=(
                "我{date}买的{item}用了几天就坏了。",
                "我的{item}发出很大的摩擦声，然后自己关机。",
                "{item}用了十分钟就严重发烫，让我很担心。",
            ),
        ),
        "returns": Theme(
            subjects=("订单{order}的退款还没到账", "门店拒绝退货"),
            problems=(
                "我{date}退回了{item}，到现在还没收到{amount}的退款。",
                "门店拒绝为我的{item}办理退货，可我还在退货期内。",
                "订单{order}的退款比我实际支付的少了{amount}。",
            ),
        ),
        "service": Theme(
            subjects=("客服电话一直没人接", "门店服务态度恶劣"),
            problems=(
                "从{date}起我打了四次客服电话，每次都等了一个多小时。",
                "{date}接待我的店员态度很差，拒绝帮我处理{item}的问题。",
                "说好{date}就订单{order}给我回电话，结果没人联系我。",
            ),
        ),
        "website": Theme(
            subjects=("网上无法完成下单", "APP扣了款却没有订单"),
            problems=(
                "{date}我想买一台{item}，结账三次都失败了。",
                "APP从我的卡上扣了{amount}，但订单{order}没有出现在我的账户里。",
                "{date}网站上的优惠码用在{item}上无效。",
            ),
        ),
        "installation": Theme(
            subjects=("安装师傅没有上门", "{item}安装没有完成"),
            problems=(
                "约好{date}上门安装{item}的师傅一直没来。",
                "师傅把{item}装了一半就走了，现在地上一直漏水。",
                "安装{item}时没有事先告知就多收了我{amount}。",
            ),
        ),
        "privacy": Theme(
            subjects=("退订后仍收到营销邮件", "看到了其他客户的信息"),
            problems=(
                "我{date}已经退订，但还是不断收到营销邮件。",
                "我的账户里显示了其他客户的订单{order}和他的地址。",
                "我{date}申请查询个人数据，至今没有任何回复。",
            ),
        ),
    },
    openings=(
        "我要投诉最近的一笔订单。",
        "我对你们的服务非常失望。",
        "这已经是我第二次联系你们了。",
        "我是多年的老客户，但这次的情况实在无法接受。",
    ),
    impacts=(
        "为此我不得不请了一天假。",
        "这件事给我带来了很大的困扰。",
        "我们家已经一个多星期没法用了。",
        "我花了好几个小时打电话都没解决。",
    ),
    asks=(
        "请全额退款。",
        "请尽快给我换一台新的。",
        "我希望得到解释和道歉。",
        "请在本周内处理好。",
    ),
    acknowledgement=(
        "我们已收到您的投诉 {reference}",
        "{name}您好：\n\n感谢您告诉我们。您的投诉已登记，编号为 {reference}。我们的工作人员会尽快"
        "审核，并在24小时内与您联系。",
    ),
    questions=(
        "请您发一张损坏部位和包装标签的照片给我们好吗？",
        "请告诉我们被扣款银行卡的后四位。",
        "您哪天什么时间方便师傅上门？",
        "请发给我们购物小票或订单确认邮件的副本。",
    ),
    answers=(
        "照片发给你们了，箱子送到时就已经被打开过。",
        "卡号后四位是4417，两笔扣款都在账单上。",
        "下周任何一天上午都可以。",
        "附上我收到的订单确认邮件。",
    ),
    remedy_plans=(
        "退还重复扣款，并额外补偿{amount}。",
        "加急寄送一台新的{item}，并上门取回故障机。",
        "安排师傅免费上门，免收安装费。",
        "将{amount}全额退回原支付银行卡。",
    ),
    remedy_rejections=(
        "这个方案不能弥补我的损失，我要求全额退款。",
        "我不接受这个方案，优惠券对我没用。",
    ),
    holding_replies=(
        "感谢您的耐心等待。我正在亲自跟进您的投诉，两个工作日内给您答复。",
        "您的投诉已转交相关部门，并要求他们在周五前给出处理意见。",
        "我们仍在等待物流公司的调查报告，一有结果会马上通知您。",
    ),
    notes=(
        "已核对支付记录：同一订单扣款两次。",
        "物流公司确认包裹没有离开仓库。",
        "客户再次来电，情绪激动，已承诺本周内答复。",
        "同一批次另有三台出现相同故障。",
        "补偿方案已由组长批准。",
    ),
    resolutions=(
        "已退还重复扣款并给予补偿。",
        "已送达新机并取回故障机。",
        "师傅已免费完成安装。",
        "退款已办理，客户确认收到。",
    ),
    resolved=(
        "您的投诉 {reference} 已处理完毕",
        "{name}您好：\n\n您的投诉 {reference} 已处理完毕。如仍有问题，请直接回复此邮件。",
    ),
    closed=(
        "您的投诉 {reference} 已结案",
        "{name}您好：\n\n您的投诉 {reference} 已结案。感谢您帮助我们改进。",
    ),
    close_reasons=(
        "客户电话确认问题已解决。",
        "首次联系即已解决，无需回访。",
    ),
    withdrawals=(
        "门店已经直接帮我解决了，我撤回投诉。",
        "包裹在邻居家找到了，可以结案了，谢谢。",
    ),
    reopenings=(
        "同样的故障又出现了，请重新处理我的投诉。",
        "承诺的退款一直没有到账。",
    ),
)

# Further terms the read benchmark searches for, by the name of their scenario: a two-character
# Chinese word has no trigram and is found through another index (docs/search.md).
SHORT_SEARCH_TERMS = {"zh-hans, two characters": "退款"}

# Shares of complaints by language: most customers write in the company's main language.
BANKS = (ENGLISH, SPANISH, FRENCH, CHINESE)
LANGUAGE_SHARES = (0.55, 0.2, 0.15, 0.1)
