from complaintdesk.demo.scenario import Language, Phrases, Situation

PHRASES = Phrases(
    holding_replies=(
        "Gracias por su paciencia. Estoy revisando su caso personalmente y le responderé en "
        "un plazo de dos días hábiles.",
        "He trasladado su reclamación al departamento correspondiente y les he pedido una "
        "respuesta antes del viernes. Le escribiré en cuanto la tenga.",
        "Le escribimos para que sepa que seguimos con su caso: estamos esperando el informe "
        "de nuestra empresa de transporte.",
    ),
    chasers=(
        "¿Hay alguna novedad sobre mi reclamación? Ya ha pasado bastante tiempo.",
        "Sigo sin recibir respuesta. ¿Alguien puede decirme algo, por favor?",
        "Vuelvo a escribir porque nadie me contesta. Espero una respuesta esta semana.",
    ),
    rejections=(
        "Lo siento, pero esto no cubre lo que he perdido. Pido el reembolso completo.",
        "No acepto la propuesta. No compensa las horas que he perdido esperando.",
        "Un vale de descuento no me sirve, no pienso volver a comprar. Quiero mi dinero.",
    ),
    goodwill=(
        "Además, abonaremos 20 € en su cuenta como gesto de buena voluntad.",
        "Hemos añadido también una compensación de 30 € por las molestias.",
    ),
    reopenings=(
        "El problema ha vuelto a aparecer exactamente igual. Por favor, reabran mi reclamación.",
        "El reembolso que me prometieron nunca llegó a mi cuenta.",
        "El aparato de sustitución tiene el mismo defecto que el original.",
    ),
    withdrawals=(
        "Retiro la reclamación, la tienda me lo ha solucionado directamente.",
        "El paquete lo tenía un vecino, pueden cerrar el caso. Gracias.",
        "Ya no deseo seguir adelante con la reclamación.",
    ),
)

SITUATIONS = [
    Situation(
        category="billing-double-charge",
        department="billing",
        severity="medium",
        channel="email",
        customers=(
            ("María García López", "maria.garcia@example.com", "+34 612 345 871"),
            ("Alberto Nieto", "alberto.nieto@example.com", "+34 612 220 187"),
        ),
        subject="Me han cobrado dos veces la factura de abril",
        description=(
            "En mi extracto aparecen dos cargos de 45,90 € con la misma referencia de factura, "
            "ambos del 5 de abril. Solo autoricé uno. Necesito que me devuelvan el cargo "
            "duplicado cuanto antes."
        ),
        remedy_sought=("refund",),
        claimed="45.90 EUR",
        reference="FAC-2404-55120",
        question="¿Podría enviarnos una captura del extracto bancario donde se vean ambos cargos?",
        answer="Adjunto la captura. Los dos cargos son del 5 de abril.",
        remedy="Le devolveremos los 45,90 € duplicados en su tarjeta en 5 días hábiles.",
        resolution=(
            "Un reintento de la pasarela de pago cobró la factura dos veces. Se devolvió el "
            "importe duplicado y se corrigió la configuración."
        ),
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(
            ("José Martínez Ruiz", "jose.martinez@example.net", "+34 634 118 902"),
            ("Carmen Sánchez Gil", "carmen.sanchez@example.org", "+34 655 203 441"),
        ),
        subject="El frigorífico no llega y nadie me avisa",
        description=(
            "Llevo tres días pidiendo permiso en el trabajo para recibir el frigorífico. El "
            "seguimiento dice 'en reparto' hasta las ocho de la tarde y luego 'reprogramado'. "
            "Nadie llama ni da explicaciones. Tengo la comida en casa de mi madre."
        ),
        remedy_sought=("apology", "compensation"),
        claimed="120.00 EUR",
        reference="PED-7781204",
        question="¿Qué días esperó usted la entrega y en qué dirección?",
        answer="Los días 8, 10 y 13, en la calle Alcalá 214, 3.º B, Madrid.",
        remedy=(
            "Le entregaremos el frigorífico el día que elija en una franja de dos horas y le "
            "compensaremos con 60 € por los días perdidos."
        ),
        resolution=(
            "El almacén de Madrid se quedó sin equipos de dos personas y reprogramó sin avisar. "
            "Se entregó el frigorífico y se abonaron 60 €."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="medium",
        channel="phone",
        customers=(("Antonio Fernández", "", "+34 699 410 223"),),
        subject="El agente me colgó el teléfono",
        description=(
            "Llamé por la avería del router. Después de veinte minutos de espera, el agente me "
            "dijo que la culpa era mía, no me dejó hablar y me colgó. Tengo 78 años y me sentó "
            "muy mal."
        ),
        remedy_sought=("apology",),
        question="¿Recuerda aproximadamente a qué hora llamó, para localizar la grabación?",
        answer="Sobre las once de la mañana del martes.",
        remedy="El responsable del equipo le llamará para disculparse y gestionar el nuevo router.",
        resolution=(
            "Escuchamos la grabación: el trato fue inaceptable. El agente ha recibido formación, "
            "el responsable se disculpó por teléfono y se envió un router nuevo."
        ),
    ),
    Situation(
        category="equipment-faulty",
        department="technical-support",
        severity="medium",
        channel="web",
        customers=(("Lucía Romero Vidal", "lucia.romero@example.com", "+34 622 781 330"),),
        subject="El descodificador se reinicia solo cada noche",
        description=(
            "El descodificador que instalaron hace dos semanas se reinicia todas las noches, "
            "casi siempre en mitad de una película. Ya lo he reseteado y cambiado el cable HDMI "
            "como indica su web."
        ),
        remedy_sought=("replacement",),
        reference="DEC-4K-88120",
        question="¿Qué versión de software aparece en Ajustes > Información?",
        answer="Pone versión 7.2.114.",
        remedy=(
            "Le enviaremos un descodificador nuevo y recogeremos el averiado en la misma visita."
        ),
        resolution=(
            "La versión 7.2.114 tiene un fallo conocido en este modelo. Se cambió el equipo y "
            "la corrección se está distribuyendo este mes."
        ),
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="low",
        channel="email",
        customers=(
            ("Javier Moreno", "javier.moreno@example.org", "+34 611 902 557"),
            ("Patricia Rojas", "patricia.rojas@example.net", "+34 633 450 219"),
        ),
        subject="Subida de precio sin previo aviso",
        description=(
            "Contraté la tarifa a 29,99 € al mes con precio garantizado durante un año. Este "
            "mes me han cobrado 36,50 €. No he recibido ninguna comunicación."
        ),
        remedy_sought=("refund", "explanation"),
        claimed="6.51 EUR",
        reference="CLI-330981",
        question="¿Podría reenviarnos el correo de confirmación de su contratación?",
        answer="Reenviado. Dice claramente 'precio garantizado 12 meses'.",
        remedy="Restableceremos el precio de 29,99 € y le devolveremos la diferencia.",
        resolution=(
            "Su cuenta se incluyó por error en la revisión anual de precios. Se restableció el "
            "precio y se devolvieron 6,51 €."
        ),
    ),
    Situation(
        category="delivery-damaged",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(("Elena Navarro", "elena.navarro@example.net", "+34 644 550 118"),),
        subject="La lavadora llegó con un golpe en el lateral",
        description=(
            "La lavadora llegó ayer con un golpe enorme en el lateral y la puerta no cierra "
            "bien. El repartidor se fue antes de que pudiera revisarla. Pagué 489 €."
        ),
        remedy_sought=("replacement",),
        claimed="489.00 EUR",
        reference="PED-7790331",
        question="¿Puede enviarnos fotos del golpe y de la puerta?",
        answer="Subidas cuatro fotos.",
        remedy="Recogeremos la lavadora dañada y le entregaremos una nueva en la misma visita.",
        resolution="Se sustituyó la lavadora en una sola visita.",
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="high",
        channel="letter",
        customers=(("Rosa Jiménez Castro", "", "+34 954 110 287"),),
        subject="Le vendieron a mi padre un contrato que no necesita",
        description=(
            "Mi padre, de 84 años, recibió en casa a un comercial que le hizo firmar un paquete "
            "de fibra y televisión de 24 meses. No usa internet y no entendió lo que firmaba. "
            "Tengo un poder notarial."
        ),
        remedy_sought=("refund", "apology"),
        reference="CTR-2024-88410",
        location="Sevilla",
        question="¿Podría enviarnos una copia del poder notarial?",
        answer="Les he enviado hoy una copia compulsada por correo postal.",
        remedy=(
            "Anularemos el contrato sin penalización, devolveremos todos los pagos y "
            "retiraremos los equipos cuando le venga bien a su padre."
        ),
        resolution=(
            "La venta no respetó nuestro protocolo para clientes vulnerables. Contrato anulado "
            "y 186 € devueltos; las visitas del comercial se supervisan."
        ),
    ),
    Situation(
        category="repair-missed-visit",
        department="technical-support",
        severity="medium",
        channel="chat",
        customers=(
            ("Pablo Torres", "pablo.torres@example.com", "+34 677 203 119"),
            ("Ana Belén Ortiz", "anabelen.ortiz@example.org", "+34 688 450 732"),
        ),
        subject="El técnico no se presentó",
        description=(
            "Me dijeron que el técnico vendría entre las 9 y las 14 h. Esperé todo el día y a "
            "las 16 h recibí un SMS diciendo que la cita estaba 'completada'. Sigo sin internet "
            "y teletrabajo."
        ),
        remedy_sought=("repair", "compensation"),
        question="¿Sigue sin servicio? ¿Qué días puede estar en casa esta semana?",
        answer="Sigo sin servicio. Puedo el miércoles o el jueves.",
        remedy="Hemos reservado el miércoles a primera hora y le abonaremos una mensualidad.",
        resolution=(
            "La orden se cerró por error al reasignar al técnico. Se reparó el miércoles y se "
            "abonó una mensualidad."
        ),
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="high",
        channel="email",
        customers=(("Daniel Herrera", "daniel.herrera@example.net", "+34 620 118 774"),),
        subject="La cafetera perdió agua hirviendo",
        description=(
            "La junta de la cafetera se soltó mientras estaba funcionando y salió agua hirviendo "
            "por la base. Me quemé ligeramente la mano. Tiene tres meses."
        ),
        remedy_sought=("refund", "explanation"),
        claimed="89.00 EUR",
        reference="CAF-EXP15",
        question="¿Puede enviarnos fotos de la junta y el número de lote que hay debajo?",
        answer="Adjunto las fotos. El lote es 2402-A.",
        remedy="Le reembolsaremos la cafetera y la recogeremos para analizarla.",
        resolution=(
            "El lote 2402-A tenía juntas defectuosas. Se reembolsó la cafetera y se retiró el "
            "lote de la venta."
        ),
    ),
    Situation(
        category="service-quality-waiting",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("Marta Domínguez", "marta.dominguez@example.com", "+34 633 771 208"),),
        subject="Dos horas esperando al teléfono",
        description=(
            "Esta semana he llamado dos veces a atención al cliente y las dos he esperado casi "
            "dos horas antes de colgar. Solo quiero cambiar mi domicilio."
        ),
        remedy_sought=("explanation",),
        question="¿Cuál es su nuevo domicilio y desde qué fecha?",
        answer="Calle Colón 45, 2.º, Valencia, desde el día 1.",
        remedy="Actualizaremos hoy su domicilio y se lo confirmaremos por escrito.",
        resolution=(
            "Domicilio actualizado. Los tiempos de espera fueron altos tras una caída del "
            "sistema; ahora puede cambiarlo en Mi cuenta."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="medium",
        channel="email",
        customers=(
            ("Sergio Ramos Prieto", "sergio.ramos@example.org", "+34 699 002 145"),
            ("Manuel Cabrera", "manuel.cabrera@example.org", "+34 655 118 340"),
        ),
        subject="No me han devuelto el dinero de una devolución",
        description=(
            "Devolví unos auriculares el 3 de mayo con la etiqueta prepagada. El seguimiento "
            "indica que llegaron a su almacén el día 6. Seis semanas después no tengo los 119 €."
        ),
        remedy_sought=("refund",),
        claimed="119.00 EUR",
        reference="DEV-220871",
        question="¿Podría indicarnos el número de seguimiento de la devolución?",
        answer="Es el ES 7781 2290 1.",
        remedy="Le devolveremos hoy los 119 € en el mismo medio de pago.",
        resolution="La devolución llegó pero no se registró en stock. Reembolso realizado.",
    ),
    Situation(
        category="safety-data",
        department="quality",
        severity="high",
        channel="email",
        customers=(
            ("Laura Vázquez", "laura.vazquez@example.com", "+34 655 901 337"),
            ("Silvia Herrero", "silvia.herrero@example.com", "+34 677 302 114"),
        ),
        subject="He recibido la factura de otra persona",
        description=(
            "La factura que me llegó ayer por correo no es mía. Tiene el nombre, la dirección y "
            "parte del IBAN de otro cliente. Me preocupa que mis datos también hayan llegado a "
            "otra persona."
        ),
        remedy_sought=("explanation",),
        question="Por favor, borre el correo e indíquenos el número de factura que aparecía.",
        answer="Borrado. Era la FAC-2405-99127.",
        remedy="Le confirmaremos por escrito que sus datos no se divulgaron y la causa del error.",
        resolution=(
            "Un error de plantilla envió 14 facturas a destinatarios equivocados; la suya no "
            "estaba entre ellas. Se notificó al delegado de protección de datos."
        ),
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="low",
        channel="phone",
        customers=(("Francisco Gil", "francisco.gil@example.net", "+34 610 332 984"),),
        subject="El instalador dejó los cables por el suelo",
        description=(
            "El instalador puso el router pero dejó el cable suelto por el pasillo y taladró la "
            "pared equivocada. Dijo que vendría otra persona a rematarlo. No ha venido nadie."
        ),
        remedy_sought=("repair",),
        question="¿Puede enviarnos una foto del cable y del agujero?",
        answer="Enviadas por correo esta tarde.",
        remedy="Un instalador volverá a canalizar el cable y tapar el agujero.",
        resolution="Se canalizó el cable por el rodapié y se reparó la pared.",
    ),
    Situation(
        category="delivery-lost",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(
            ("Cristina Molina", "cristina.molina@example.org", "+34 644 218 905"),
            ("Jorge Salinas", "jorge.salinas@example.net", "+34 699 441 022"),
        ),
        subject="Pedido entregado según el seguimiento, pero no lo tengo",
        description=(
            "El seguimiento dice que se entregó ayer a las 11:02 'en lugar seguro'. Estuve en "
            "casa todo el día y no llegó nada. No hay foto. He preguntado a los vecinos y al "
            "conserje."
        ),
        remedy_sought=("replacement", "refund"),
        claimed="74.90 EUR",
        reference="PED-7801120",
        question="¿Hay portería, buzón grande o algún otro sitio donde pudieran dejarlo?",
        answer="Solo la portería y el conserje no recibió nada.",
        remedy="Le enviaremos de nuevo el pedido sin coste, con entrega en mano y firma.",
        resolution="La empresa de transporte no pudo acreditar la entrega. Pedido reenviado.",
    ),
    Situation(
        category="service-attitude-promises",
        department="customer-service",
        severity="medium",
        channel="email",
        customers=(("Alejandro Castillo", "alejandro.castillo@example.com", "+34 622 901 446"),),
        subject="Me prometen una llamada que nunca llega",
        description=(
            "Cuatro veces me han prometido que un responsable me llamaría 'en 48 horas' por el "
            "problema de mi permanencia. Nadie me ha llamado nunca."
        ),
        remedy_sought=("apology", "explanation"),
        question="¿En qué número y a qué hora prefiere que le llamemos?",
        answer="Al móvil, cualquier día laborable a partir de las 17 h.",
        remedy="La responsable de atención al cliente le llamará el jueves a partir de las 17 h.",
        resolution=(
            "Las solicitudes de llamada quedaban en una cola sin revisar. La responsable llamó, "
            "se resolvió la permanencia y la cola se revisa a diario."
        ),
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="high",
        channel="web",
        customers=(
            ("Raúl Iglesias", "raul.iglesias@example.net", "+34 677 550 210"),
            ("Beatriz Cano", "beatriz.cano@example.com", "+34 688 101 993"),
        ),
        subject="Cinco días sin fibra",
        description=(
            "Estoy sin conexión desde el sábado. Su web dice que no hay incidencias en mi zona, "
            "pero mis vecinos tampoco tienen servicio. Tengo una pequeña tienda online y estoy "
            "perdiendo pedidos."
        ),
        remedy_sought=("repair", "compensation"),
        claimed="200.00 EUR",
        location="Bilbao",
        question="¿Qué luces tiene encendidas el router en este momento?",
        answer="La de encendido en verde y la de fibra parpadeando en rojo.",
        remedy=(
            "Estamos reparando la avería de la caja de distribución; le abonaremos los días sin "
            "servicio y la compensación por retraso."
        ),
        resolution=(
            "Un corte de cable afectó a 120 viviendas. El servicio se restableció al sexto día y "
            "se abonó la compensación en todas las cuentas afectadas."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="medium",
        channel="email",
        customers=(("Pilar Ortega", "pilar.ortega@example.org", "+34 611 448 702"),),
        subject="No me dejan dar de baja la línea de mi marido fallecido",
        description=(
            "Mi marido falleció en febrero. He enviado dos veces el certificado de defunción para "
            "cerrar su cuenta. Siguen cobrando y las cartas llegan a su nombre."
        ),
        remedy_sought=("refund", "apology"),
        claimed="82.00 EUR",
        question="Sentimos mucho su pérdida. ¿Podría confirmarnos el número de cliente?",
        answer="Es el CLI-551093.",
        remedy=(
            "Cerraremos la cuenta desde la fecha del fallecimiento, devolveremos lo cobrado y "
            "no enviaremos más cartas a su nombre."
        ),
        resolution=(
            "El equipo de sucesiones cerró la cuenta desde la fecha del fallecimiento y devolvió "
            "82 €. El certificado se archivó sin crear tarea; ya está corregido."
        ),
    ),
    Situation(
        category="product-quality-not-as-described",
        department="quality",
        severity="low",
        channel="web",
        customers=(("Miguel Ángel Rubio", "miguelangel.rubio@example.com", "+34 633 204 119"),),
        subject="El altavoz no es resistente al agua como anuncian",
        description=(
            "En la web pone que el altavoz es sumergible (IPX7). Dejó de funcionar tras una "
            "llovizna en la terraza. El manual solo dice 'resistente a salpicaduras'."
        ),
        remedy_sought=("refund",),
        claimed="69.00 EUR",
        question="¿Puede enviarnos foto de la etiqueta y de la página del manual?",
        answer="Adjunto las dos fotos.",
        remedy="Le reembolsaremos el altavoz y corregiremos la ficha del producto.",
        resolution="La ficha describía por error el modelo nuevo. Se corrigió y se reembolsó.",
    ),
    Situation(
        category="repair-not-fixed",
        department="technical-support",
        severity="medium",
        channel="phone",
        customers=(("Andrés Serrano", "andres.serrano@example.net", "+34 644 770 381"),),
        subject="El portátil volvió de reparación con el mismo fallo",
        description=(
            "Envié el portátil porque la pantalla parpadea. Volvió tres semanas después con una "
            "nota de 'sin avería'. Esa misma noche volvió a parpadear. Tengo un vídeo."
        ),
        remedy_sought=("repair", "replacement"),
        reference="REP-330118",
        question="Por favor, súbanos el vídeo de la pantalla.",
        answer="Subido, el parpadeo empieza al minuto.",
        remedy="Sustituiremos la pantalla en garantía con un plazo de cinco días.",
        resolution="El vídeo mostró el fallo. Se cambió la pantalla y se devolvió en cuatro días.",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="medium",
        channel="api",
        customers=(
            ("Clínica Dental Sonrisas S.L.", "administracion@example.com", "+34 910 000 118"),
        ),
        subject="Nos facturan 12 líneas en vez de 8",
        description=(
            "Nuestra clínica tiene 8 líneas. Desde la migración de abril nos facturan 12. Lo "
            "comunicamos al gestor en mayo, pero las facturas de mayo y junio siguen mal."
        ),
        remedy_sought=("refund",),
        claimed="264.00 EUR",
        reference="EMP-22104",
        question="¿Podrían enviarnos la lista de las 8 líneas que usan?",
        answer="Adjuntamos la lista con los ocho números.",
        remedy="Daremos de baja las cuatro líneas sobrantes y abonaremos 264 €.",
        resolution="Cuatro líneas de prueba de la migración no se dieron de baja. Abonados 264 €.",
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="low",
        channel="chat",
        customers=(("Sofía Medina", "sofia.medina@example.org", "+34 655 118 206"),),
        subject="El regalo de cumpleaños llegó una semana tarde",
        description=(
            "Pagué 5,99 € por la entrega en 24 horas para que el regalo de mi hija llegara a "
            "tiempo. Llegó una semana después. Al menos quiero que me devuelvan el envío."
        ),
        remedy_sought=("refund",),
        claimed="5.99 EUR",
        reference="PED-7794412",
        question="¿Nos confirma la fecha en que hizo el pedido?",
        answer="El día 9, antes de las doce.",
        remedy="Le devolveremos los 5,99 € del envío urgente.",
        resolution="El pedido no salió en la recogida del día. Se devolvió el coste del envío.",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="medium",
        channel="in_person",
        customers=(("Youssef El Amrani", "youssef.elamrani@example.com", "+34 666 203 774"),),
        subject="Me trataron como a un sospechoso en la tienda",
        description=(
            "Fui a la tienda a devolver un móvil defectuoso. El dependiente me acusó de haberlo "
            "roto yo, se negó a mirarlo y lo dijo en voz alta delante de otros clientes. Tengo "
            "el tique."
        ),
        remedy_sought=("apology", "replacement"),
        location="Tienda de Gran Vía, Madrid",
        question="¿Qué día y a qué hora fue a la tienda?",
        answer="El sábado sobre las cinco de la tarde.",
        remedy="El encargado de la tienda se disculpará y le cambiará el móvil en el momento.",
        resolution="El encargado se disculpó y cambió el móvil. El dependiente recibió formación.",
    ),
    Situation(
        category="equipment-faulty",
        department="technical-support",
        severity="low",
        channel="email",
        customers=(("Concepción Blanco", "concha.blanco@example.net", "+34 622 330 581"),),
        subject="El mando a distancia ha dejado de funcionar",
        description=(
            "El mando del descodificador ha dejado de funcionar. He cambiado las pilas dos veces. "
            "Tiene poco más de un año. Sin él no puedo usar el aparato."
        ),
        remedy_sought=("replacement",),
        question="¿Se enciende la luz roja del mando al pulsar un botón?",
        answer="No, no se enciende nada.",
        remedy="Le enviaremos un mando nuevo sin coste.",
        resolution=(
            "Se envió un mando nuevo; los mandos se cambian gratis durante toda la vida del equipo."
        ),
        outcome="not_upheld",
        nature="help_seeking",
    ),
    Situation(
        category="billing-double-charge",
        department="billing",
        severity="low",
        channel="web",
        customers=(("Diego Fuentes", "diego.fuentes@example.com", "+52 55 1234 8870"),),
        subject="Pagué con tarjeta y además me domiciliaron el recibo",
        description=(
            "El recibo domiciliado falló y pagué con tarjeta. Una semana después el banco cargó "
            "también el recibo. He pagado dos veces junio."
        ),
        remedy_sought=("refund",),
        claimed="540.00 MXN",
        question="¿Prefiere la devolución en la tarjeta o un abono en la próxima factura?",
        answer="En la tarjeta, por favor.",
        remedy="Le devolveremos 540 MXN en la tarjeta.",
        resolution="El reintento del recibo se ejecutó tras el pago manual. Importe devuelto.",
    ),
    Situation(
        category="other",
        department="customer-service",
        severity="low",
        channel="email",
        customers=(("Ramón Prieto", "ramon.prieto@example.org", "+34 699 118 330"),),
        subject="Demasiadas llamadas comerciales",
        description=(
            "He pedido tres veces que no me llamen con ofertas. Me siguen llamando casi cada "
            "semana, a veces a la hora de comer. Quiero que me borren de todas las listas."
        ),
        remedy_sought=("apology",),
        question="¿A qué número le están llamando?",
        answer="Al fijo que acaba en 4471.",
        remedy=(
            "Le daremos de baja de todas las listas comerciales y se lo confirmaremos por escrito."
        ),
        resolution="Un registro antiguo anulaba su preferencia. Se desactivó toda la publicidad.",
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="critical",
        channel="phone",
        customers=(
            ("Inmaculada Reyes", "inma.reyes@example.com", "+34 644 902 117"),
            ("Eva Montero", "eva.montero@example.org", "+34 688 901 226"),
        ),
        subject="El cargador se derritió y olía a quemado",
        description=(
            "El cargador que venía con el móvil se calentó muchísimo por la noche y el plástico "
            "se ha derretido alrededor de las clavijas. Había olor a quemado en el dormitorio."
        ),
        remedy_sought=("replacement", "explanation"),
        reference="CRG-25W",
        question="No utilice el cargador. ¿Puede enviarnos una foto y guardarlo para recogerlo?",
        answer="Foto enviada. Lo tengo guardado en una caja.",
        remedy="Recogeremos el cargador para analizarlo y hoy mismo le enviaremos uno certificado.",
        resolution=(
            "El análisis detectó un lote defectuoso de un proveedor. Se emitió un aviso de "
            "seguridad y se retiran todos los cargadores del lote."
        ),
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="medium",
        channel="chat",
        customers=(("Nuria Campos", "nuria.campos@example.net", "+34 677 402 118"),),
        subject="Me dijeron que la mejora era gratis y ahora pago 12 € más",
        description=(
            "El agente del chat me aseguró que subir a 1 Gb era gratis para clientes. Mi factura "
            "ha subido 12 € al mes. Tengo la conversación guardada."
        ),
        remedy_sought=("refund",),
        claimed="36.00 EUR",
        question="¿Podría enviarnos la conversación del chat?",
        answer="Adjunta, está en la segunda página.",
        remedy="Mantendremos la mejora gratuita y le devolveremos los 36 € cobrados.",
        resolution="La conversación confirmó la promesa. Mejora gratuita y 36 € devueltos.",
    ),
    Situation(
        category="delivery-damaged",
        department="delivery",
        severity="low",
        channel="web",
        customers=(("Óscar Lorenzo", "oscar.lorenzo@example.com", "+34 688 330 147"),),
        subject="Dejaron el paquete bajo la lluvia",
        description=(
            "El repartidor dejó el paquete en la puerta con lluvia aunque yo estaba en casa. "
            "Las cajas de papel que había dentro están empapadas."
        ),
        remedy_sought=("replacement",),
        claimed="19.90 EUR",
        reference="PED-7812230",
        question="¿Puede enviarnos una foto del paquete tal como lo encontró?",
        answer="Foto adjunta.",
        remedy="Le enviaremos el papel de nuevo sin coste.",
        resolution="El repartidor no llamó al timbre como exige el protocolo. Papel repuesto.",
    ),
    Situation(
        category="repair-missed-visit",
        department="technical-support",
        severity="low",
        channel="phone",
        customers=(("Dolores Marín", "", "+34 954 220 118"),),
        subject="Me anularon la visita por SMS la noche antes",
        description=(
            "Había pedido a mi hija que viniera para la visita del técnico. A las nueve de la "
            "noche anterior me llegó un SMS anulándola sin nueva fecha."
        ),
        remedy_sought=("apology", "repair"),
        question="¿Qué mañanas de la semana que viene le vienen bien?",
        answer="El martes o el viernes.",
        remedy="Hemos reservado el viernes por la mañana y le llamaremos el día antes.",
        resolution=(
            "La reparación se hizo el viernes. La anulación se debió a una baja del técnico."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="low",
        channel="email",
        customers=(("Enrique Soto", "enrique.soto@example.org", "+34 611 330 902"),),
        subject="No me devuelven el saldo a favor tras la baja",
        description=(
            "Me di de baja en marzo y la factura final indicaba un saldo a mi favor de 18,40 €. "
            "Lo he reclamado dos veces y nada."
        ),
        remedy_sought=("refund",),
        claimed="18.40 EUR",
        question="¿A qué cuenta bancaria quiere que le hagamos la transferencia?",
        answer="Les envío el IBAN en un mensaje aparte.",
        remedy="Le transferiremos los 18,40 € a su cuenta.",
        resolution="Los saldos de cuentas cerradas no se devolvían automáticamente. Pagado.",
    ),
    Situation(
        category="service-quality-waiting",
        department="customer-service",
        severity="low",
        channel="chat",
        customers=(("Irene Pascual", "irene.pascual@example.com", "+34 633 118 550"),),
        subject="El chat se cerró tras 40 minutos de espera",
        description=(
            "Esperé 40 minutos en la cola del chat y la ventana se cerró sola con 'sesión "
            "caducada'. Tuve que volver a empezar desde el final."
        ),
        remedy_sought=("explanation",),
        question="¿Qué navegador estaba usando?",
        answer="Chrome en el móvil.",
        remedy="Le explicaremos lo ocurrido y resolveremos ahora su consulta original.",
        resolution=(
            "Un tiempo de espera en navegadores móviles cortaba los chats largos; se amplió."
        ),
        outcome="partially_upheld",
        nature="venting",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="medium",
        channel="web",
        customers=(
            ("Adrián Vega", "adrian.vega@example.net", "+34 644 118 209"),
            ("Lorena Méndez", "lorena.mendez@example.com", "+34 655 770 431"),
        ),
        subject="La batería de los auriculares se ha hinchado",
        description=(
            "El auricular derecho se ha abombado y la carcasa se ha abierto. Creo que la batería "
            "se está hinchando. He dejado de cargarlos."
        ),
        remedy_sought=("refund",),
        claimed="89.00 EUR",
        reference="AUR-ANC300",
        question="Manténgalos lejos del calor. ¿Puede enviarnos una foto del auricular?",
        answer="Foto enviada. Están en una lata metálica en el balcón.",
        remedy="Recogeremos los auriculares de forma segura y los reembolsaremos íntegramente.",
        resolution="Dos casos en el mismo lote: lote bloqueado y reembolsos realizados.",
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="medium",
        channel="web",
        customers=(("Teresa Gallardo", "teresa.gallardo@example.org", "+34 622 901 118"),),
        subject="El contador inteligente no envía lecturas",
        description=(
            "Desde que instalaron el contador hace dos meses recibo facturas estimadas. La "
            "pantalla dice 'sin conexión'."
        ),
        remedy_sought=("repair", "explanation"),
        question="¿Nos envía una foto del contador con la lectura visible?",
        answer="Foto adjunta, lectura 03318.",
        remedy="Un técnico reconectará el contador y refacturaremos según la lectura real.",
        resolution="El concentrador nunca se emparejó. Emparejado y facturas corregidas.",
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="low",
        channel="email",
        customers=(("Hugo Carmona", "hugo.carmona@example.com", "+52 55 9876 1120"),),
        subject="Penalización por cancelar dentro del periodo de desistimiento",
        description=(
            "Cancelé a los 10 días de contratar, dentro de los 14 días de desistimiento. Aun así "
            "me han cobrado una penalización de 900 MXN."
        ),
        remedy_sought=("refund",),
        claimed="900.00 MXN",
        question="¿Nos confirma la fecha en que pidió la cancelación?",
        answer="El día 11, por correo electrónico.",
        remedy="Le devolveremos la penalización de 900 MXN.",
        resolution="La cancelación estaba dentro del plazo. Penalización devuelta.",
    ),
    Situation(
        category="delivery-lost",
        department="delivery",
        severity="medium",
        channel="phone",
        customers=(("Rubén Aguilar", "ruben.aguilar@example.net", "+34 677 118 330"),),
        subject="También se ha perdido el pedido de sustitución",
        description=(
            "Es la segunda vez. El pedido original se perdió y ahora el de sustitución lleva "
            "nueve días parado en la delegación. Necesito el portátil para la universidad."
        ),
        remedy_sought=("refund",),
        claimed="599.00 EUR",
        reference="PED-7808812",
        question="¿Prefiere el reembolso o un tercer envío con otra empresa de transporte?",
        answer="El reembolso, ya lo he comprado en otro sitio.",
        remedy="Le reembolsaremos hoy los 599 €.",
        resolution="El paquete se etiquetó mal en la delegación. Reembolso de 599 € realizado.",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="medium",
        channel="letter",
        customers=(("Amparo Lozano", "", "+34 963 118 204"),),
        subject="Me cobran la factura en papel sin haberlo pedido",
        description=(
            "No uso ordenador y siempre he recibido las facturas en papel. Ahora me cobran 1,50 € "
            "al mes por ellas. Nadie me preguntó."
        ),
        remedy_sought=("refund",),
        claimed="9.00 EUR",
        question="¿Podemos llamarla para confirmar su número de cliente?",
        answer="Sí, por las mañanas.",
        remedy="Le eximiremos del cargo de forma permanente y devolveremos 9 €.",
        resolution=(
            "Los mayores de 75 años están exentos pero no se aplicó la exención. Aplicada y "
            "9 € devueltos."
        ),
    ),
    Situation(
        category="service-attitude-promises",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("Clara Benítez", "clara.benitez@example.com", "+34 688 204 117"),),
        subject="No me aplican el descuento prometido",
        description=(
            "Al renovar, la agente me prometió un 20 % de descuento por fidelidad durante 12 "
            "meses. La nueva factura viene a precio completo."
        ),
        remedy_sought=("refund",),
        claimed="7.20 EUR",
        question="¿Recuerda aproximadamente cuándo renovó, para localizar la llamada?",
        answer="A principios del mes pasado, hacia el día 3.",
        remedy="Aplicaremos el descuento del 20 % y le devolveremos la diferencia.",
        resolution="La grabación confirmó la oferta. Descuento aplicado y 7,20 € devueltos.",
    ),
    Situation(
        category="other",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("Gonzalo Peña", "gonzalo.pena@example.org", "+34 611 204 778"),),
        subject="La web no acepta mi código postal",
        description=(
            "El formulario de pedido dice que mi código postal no es válido. Es una urbanización "
            "nueva. Lo he intentado tres veces."
        ),
        question="¿Nos indica el código postal completo?",
        answer="Es el 28055.",
        remedy="Le tramitaremos el pedido por teléfono y añadiremos su código postal.",
        resolution="Faltaban códigos postales nuevos en nuestro callejero; ya está actualizado.",
        outcome="not_upheld",
        nature="help_seeking",
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="medium",
        channel="email",
        customers=(
            ("Fernando Crespo", "fernando.crespo@example.net", "+34 633 902 445"),
            ("Ignacio Ferrer", "ignacio.ferrer@example.com", "+34 611 778 390"),
        ),
        subject="Sin cobertura móvil en casa desde las obras de la antena",
        description=(
            "Desde las obras en la antena cercana a la urbanización no tengo cobertura dentro "
            "de casa. No puedo hacer llamadas."
        ),
        remedy_sought=("repair", "compensation"),
        location="Zaragoza",
        question="¿Nos indica su dirección completa para revisar la cobertura?",
        answer="Calle Olmo 12, urbanización Los Pinos.",
        remedy="Le enviaremos un amplificador gratuito mientras se reconfigura la antena.",
        resolution="Se reconfiguró la antena y se recuperó la cobertura; se envió el amplificador.",
    ),
    Situation(
        category="product-quality-not-as-described",
        department="quality",
        severity="low",
        channel="chat",
        customers=(("Marina Calvo", "marina.calvo@example.com", "+34 644 330 912"),),
        subject="El móvil reacondicionado tiene la pantalla rayada",
        description=(
            "Compré un móvil reacondicionado en estado 'excelente'. La pantalla tiene dos "
            "arañazos profundos y la batería está al 71 %."
        ),
        remedy_sought=("replacement", "refund"),
        claimed="259.00 EUR",
        reference="REA-IP13-220",
        question="¿Puede enviarnos fotos de los arañazos y del estado de la batería?",
        answer="Fotos adjuntas.",
        remedy="Le cambiaremos el móvil por otro en estado excelente revisado a mano.",
        resolution="El móvil estaba mal clasificado. Se cambió y se reforzó el control.",
    ),
]

SPANISH = Language("es", PHRASES, SITUATIONS)
