from complaintdesk.demo.scenario import Language, Phrases, Situation

PHRASES = Phrases(
    holding_replies=(
        "Merci de votre patience. Je suis personnellement votre dossier et reviendrai vers vous "
        "sous deux jours ouvrés.",
        "J'ai transmis votre réclamation au service concerné en demandant une réponse avant "
        "vendredi. Je vous écris dès que je l'ai.",
        "Nous ne vous oublions pas : nous attendons encore le rapport de notre transporteur, "
        "prévu en début de semaine prochaine.",
    ),
    chasers=(
        "Avez-vous du nouveau concernant ma réclamation ? Cela fait un moment.",
        "Je n'ai toujours aucune nouvelle. Quelqu'un peut-il me répondre ?",
        "Je relance une nouvelle fois. J'attends une réponse cette semaine.",
    ),
    rejections=(
        "Désolé, mais cela ne couvre pas ce que j'ai perdu. Je demande un remboursement complet.",
        "Je refuse cette proposition : elle ne tient pas compte des heures perdues.",
        "Un bon d'achat ne m'intéresse pas, je ne commanderai plus chez vous.",
    ),
    goodwill=(
        "Nous ajoutons un geste commercial de 20 € sur votre prochaine facture.",
        "Nous vous versons également 30 € de dédommagement pour la gêne occasionnée.",
    ),
    reopenings=(
        "Le problème est revenu, exactement comme avant. Merci de rouvrir ma réclamation.",
        "Le remboursement promis n'est jamais arrivé sur mon compte.",
        "L'appareil de remplacement présente le même défaut.",
    ),
    withdrawals=(
        "Je retire ma réclamation, le magasin a réglé le problème directement avec moi.",
        "Le voisin avait le colis, vous pouvez clore le dossier. Merci.",
        "Je ne souhaite plus donner suite.",
    ),
)

SITUATIONS = [
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="medium",
        channel="web",
        customers=(
            ("Julien Lefèvre", "julien.lefevre@example.com", "+33 6 12 34 56 78"),
            ("Camille Bernard", "camille.bernard@example.org", "+33 6 23 45 67 01"),
        ),
        subject="Débit fibre dix fois inférieur à l'offre",
        description=(
            "J'ai souscrit une offre fibre à 1 Gb/s. Depuis trois semaines, les tests donnent "
            "entre 60 et 90 Mb/s, en Wi-Fi comme en filaire. Je paie pour un service que je "
            "n'ai pas."
        ),
        remedy_sought=("repair", "compensation"),
        location="Lyon 7e",
        question="Pouvez-vous nous envoyer le résultat d'un test de débit fait en câble Ethernet ?",
        answer="Capture jointe : 74 Mb/s en descente, câble branché directement sur la box.",
        remedy=(
            "Un technicien changera l'équipement optique et nous vous offrons un mois d'abonnement."
        ),
        resolution=(
            "Un module optique défectueux au point de mutualisation limitait le débit de 40 "
            "foyers. Il a été remplacé et un mois offert à chaque client concerné."
        ),
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="medium",
        channel="letter",
        customers=(("Monique Girard", "", "+33 4 78 12 34 56"),),
        subject="Frais de résiliation facturés après un déménagement en EHPAD",
        description=(
            "Ma mère est entrée en EHPAD en mars. J'ai résilié sa ligne en joignant "
            "l'attestation d'entrée, comme le prévoit votre contrat. On nous facture pourtant "
            "89 € de frais de résiliation anticipée."
        ),
        remedy_sought=("refund",),
        claimed="89.00 EUR",
        question="Pouvez-vous nous confirmer le numéro de la ligne résiliée ?",
        answer="Il s'agit du 04 78 12 34 56.",
        remedy="Nous annulons les frais de résiliation et vous remboursons les 89 €.",
        resolution=(
            "L'attestation n'avait pas été rattachée au dossier. Les frais ont été annulés et "
            "remboursés."
        ),
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="low",
        channel="web",
        customers=(("Thomas Petit", "thomas.petit@example.net", "+33 6 45 67 89 12"),),
        subject="Colis envoyé dans un point relais fermé pour travaux",
        description=(
            "Mon colis a été livré dans un point relais fermé pour travaux depuis deux semaines. "
            "Impossible de le récupérer et le site ne me propose aucune autre option."
        ),
        remedy_sought=("replacement",),
        reference="CMD-4481207",
        question="Souhaitez-vous une nouvelle livraison à domicile ou dans un autre point relais ?",
        answer="À domicile, le soir après 18 h si possible.",
        remedy="Nous renvoyons la commande à domicile, en créneau du soir, sans frais.",
        resolution=(
            "Le point relais n'avait pas signalé sa fermeture. Il a été retiré du réseau et la "
            "commande renvoyée."
        ),
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="medium",
        channel="phone",
        customers=(("Nathalie Roux", "nathalie.roux@example.com", "+33 6 78 90 12 34"),),
        subject="Installation du lave-vaisselle payée mais non faite",
        description=(
            "J'ai payé 49 € pour l'installation de mon lave-vaisselle. Le livreur l'a posé dans "
            "l'entrée en disant que l'installation n'était 'pas prévue'. J'ai la facture qui "
            "dit le contraire."
        ),
        remedy_sought=("repair", "refund"),
        claimed="49.00 EUR",
        reference="CMD-4479930",
        question="Quels jours un installateur peut-il passer chez vous ?",
        answer="Jeudi ou vendredi, toute la journée.",
        remedy="Un installateur passera jeudi et nous remboursons les 49 € d'installation.",
        resolution=(
            "L'option installation n'avait pas été transmise au transporteur. L'appareil a été "
            "installé et les frais remboursés."
        ),
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="high",
        channel="email",
        customers=(("Karim Benali", "karim.benali@example.org", "+33 6 11 22 33 44"),),
        subject="Facture de 412 € après une semaine au Maroc",
        description=(
            "Je suis parti une semaine au Maroc. Votre SMS annonçait 'internet inclus à "
            "l'étranger'. Je reçois une facture de 412 € de hors-forfait. Le Maroc n'était "
            "apparemment pas inclus, mais personne ne me l'a dit."
        ),
        remedy_sought=("refund", "explanation"),
        claimed="412.00 EUR",
        question="Pouvez-vous nous transférer le SMS reçu à votre arrivée ?",
        answer="Transféré. Il dit 'Bienvenue, votre forfait fonctionne à l'étranger'.",
        remedy=(
            "Le SMS d'accueil était trompeur pour les pays hors Union européenne : nous "
            "ramenons le hors-forfait à 50 €."
        ),
        resolution=(
            "Le SMS d'accueil n'indiquait pas les tarifs hors UE. Le hors-forfait a été ramené à "
            "50 € et le message corrigé."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="medium",
        channel="web",
        customers=(
            ("Sophie Dubois", "sophie.dubois@example.com", "+33 6 34 56 78 90"),
            ("Céline Arnaud", "celine.arnaud@example.com", "+33 6 47 58 69 70"),
        ),
        subject="Batterie du robot aspirateur morte après six mois",
        description=(
            "Mon robot aspirateur ne tient plus que huit minutes au lieu d'une heure et demie. "
            "Il a six mois. Le service après-vente me dit que la batterie est une pièce d'usure "
            "non couverte."
        ),
        remedy_sought=("replacement",),
        reference="ROB-S8",
        question="Pouvez-vous nous indiquer le numéro de série sous le robot ?",
        answer="SN 8S22-041187.",
        remedy="Nous remplaçons la batterie sous garantie et vous l'envoyons sous 48 h.",
        resolution=(
            "Une batterie qui perd 90 % en six mois est un défaut couvert par la garantie "
            "légale. Elle a été remplacée et la consigne du SAV corrigée."
        ),
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="low",
        channel="email",
        customers=(("Philippe Moreau", "philippe.moreau@example.net", "+33 6 90 12 34 56"),),
        subject="Le technicien a rayé mon parquet",
        description=(
            "Lors de l'installation de la box, le technicien a traîné son escabeau et a laissé "
            "une longue rayure sur le parquet en chêne du salon. Il ne s'est même pas excusé."
        ),
        remedy_sought=("compensation", "apology"),
        claimed="300.00 EUR",
        question="Pouvez-vous nous envoyer des photos de la rayure et un devis de réparation ?",
        answer="Photos et devis d'un parqueteur joints : 280 €.",
        remedy="Nous prenons en charge le devis de 280 € et présentons nos excuses.",
        resolution="Le sous-traitant a reconnu les faits. Le devis a été pris en charge.",
        outcome="partially_upheld",
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="high",
        channel="in_person",
        customers=(("Jeanne Mercier", "jeanne.mercier@example.com", "+33 6 21 43 65 87"),),
        subject="Une deuxième ligne mobile ouverte à mon insu",
        description=(
            "Je suis venue en boutique changer de téléphone. En lisant ma facture, je découvre "
            "qu'une deuxième ligne à 19,99 € par mois a été ouverte le même jour. Je n'ai "
            "jamais demandé cela."
        ),
        remedy_sought=("refund", "apology"),
        claimed="59.97 EUR",
        location="Boutique de Bordeaux Sainte-Catherine",
        question="Avez-vous reçu une carte SIM supplémentaire lors de votre passage en boutique ?",
        answer="Non, aucune. Je n'ai qu'une seule carte SIM.",
        remedy="Nous résilions la ligne, remboursons 59,97 € et ouvrons une enquête en boutique.",
        resolution=(
            "La ligne avait été ouverte sans signature du client. Elle a été résiliée, remboursée, "
            "et le vendeur sanctionné."
        ),
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="low",
        channel="web",
        customers=(
            ("Antoine Lambert", "antoine.lambert@example.org", "+33 6 56 78 90 12"),
            ("Pierre Masson", "pierre.masson@example.net", "+33 6 58 69 70 81"),
        ),
        subject="Offre de remboursement de 50 € jamais versée",
        description=(
            "J'ai envoyé mon dossier pour l'offre de remboursement de 50 € sur la tablette en "
            "janvier, avec toutes les pièces. Quatre mois plus tard, rien, et le numéro indiqué "
            "ne répond jamais."
        ),
        remedy_sought=("refund",),
        claimed="50.00 EUR",
        reference="ODR-TAB10-2291",
        question="Avez-vous conservé le numéro de dossier reçu par e-mail ?",
        answer="Oui, c'est le 2291-7781.",
        remedy="Nous versons les 50 € par virement sous 10 jours.",
        resolution="Le dossier était bloqué chez le prestataire de l'offre. Versement effectué.",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="medium",
        channel="phone",
        customers=(("Bernadette Fontaine", "", "+33 2 40 11 22 33"),),
        subject="Conseiller condescendant et moqueur",
        description=(
            "J'ai appelé pour comprendre ma facture. Le conseiller m'a parlé comme à une enfant, "
            "a soupiré plusieurs fois et m'a dit 'c'est pourtant simple, madame'. Je ne veux plus "
            "avoir affaire à lui."
        ),
        remedy_sought=("apology", "explanation"),
        question="Pouvez-vous nous indiquer le jour et l'heure approximative de l'appel ?",
        answer="Lundi dernier vers 15 heures.",
        remedy="Une responsable vous rappellera pour s'excuser et vous expliquer la facture.",
        resolution=(
            "L'écoute de l'appel a confirmé un ton inapproprié. La responsable a rappelé la "
            "cliente et le conseiller a été recadré."
        ),
    ),
    Situation(
        category="billing-double-charge",
        department="billing",
        severity="medium",
        channel="email",
        customers=(
            ("Olivier Garnier", "olivier.garnier@example.com", "+33 6 77 88 99 00"),
            ("Agnès Perret", "agnes.perret@example.org", "+33 6 69 70 81 92"),
        ),
        subject="Prélèvement après la résiliation",
        description=(
            "J'ai résilié mon abonnement TV le 15 avril, confirmé par courrier. Vous avez "
            "prélevé 32,99 € le 5 mai et le 5 juin. J'ai fait opposition pour juillet."
        ),
        remedy_sought=("refund",),
        claimed="65.98 EUR",
        question="Pouvez-vous nous transmettre le courrier de confirmation de résiliation ?",
        answer="Joint au message.",
        remedy="Nous remboursons les deux prélèvements, soit 65,98 €.",
        resolution="La résiliation n'avait pas arrêté le mandat de prélèvement. Remboursé.",
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="high",
        channel="phone",
        customers=(("Isabelle Chevalier", "isabelle.chevalier@example.net", "+33 6 43 21 09 87"),),
        subject="Le lave-linge a fui et inondé l'appartement du dessous",
        description=(
            "Le tuyau d'arrivée du lave-linge livré et installé par vos soins s'est détaché "
            "pendant un cycle. L'eau a traversé le plafond du voisin. Mon assureur demande votre "
            "rapport d'intervention."
        ),
        remedy_sought=("explanation", "compensation"),
        reference="INST-88123",
        question="Pouvez-vous nous communiquer les coordonnées de votre assureur ?",
        answer="MAAF, dossier 2024-0998-1.",
        remedy=(
            "Nous transmettons le rapport à votre assureur et prenons en charge les dégâts via "
            "l'assurance de notre installateur."
        ),
        resolution=(
            "Le collier de serrage n'avait pas été posé. L'assurance de l'installateur couvre "
            "les dégâts et un rappel a été fait à toutes les équipes."
        ),
    ),
    Situation(
        category="safety-data",
        department="quality",
        severity="high",
        channel="email",
        customers=(
            ("Élodie Faure", "elodie.faure@example.com", "+33 6 98 76 54 32"),
            ("Damien Roche", "damien.roche@example.com", "+33 6 70 81 92 03"),
        ),
        subject="Mon numéro apparaît sur la facture de mon ex-conjoint",
        description=(
            "Nous sommes séparés depuis un an. Mon ex-conjoint a reçu une facture qui mentionne "
            "toujours ma ligne et mon nouveau numéro. Je ne veux pas qu'il ait mes coordonnées."
        ),
        remedy_sought=("explanation", "apology"),
        question="Pouvez-vous nous confirmer votre numéro de client actuel ?",
        answer="CLI-7730021.",
        remedy=(
            "Nous détachons définitivement votre ligne de l'ancien compte et vous le confirmons."
        ),
        resolution=(
            "La séparation des comptes n'avait pas été faite lors du changement de titulaire. "
            "C'est corrigé et le délégué à la protection des données a été informé."
        ),
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="medium",
        channel="chat",
        customers=(("Lucas Robin", "lucas.robin@example.org", "+33 6 11 33 55 77"),),
        subject="Portabilité ratée, j'ai perdu mon numéro",
        description=(
            "J'ai demandé à garder mon numéro en venant chez vous. Depuis quatre jours, ma ligne "
            "ne fonctionne plus et mon ancien opérateur dit que le numéro vous a été transféré."
        ),
        remedy_sought=("repair",),
        question="Pouvez-vous nous donner votre RIO ?",
        answer="Le RIO est 02P123456ABC.",
        remedy="Nous relançons la portabilité en priorité ; votre numéro sera actif sous 24 h.",
        resolution="Une erreur de saisie du RIO a bloqué la portabilité. Numéro rétabli.",
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="medium",
        channel="web",
        customers=(("Mathieu Blanc", "mathieu.blanc@example.net", "+33 6 22 44 66 88"),),
        subject="Engagé 12 mois alors que l'immeuble n'est pas raccordable",
        description=(
            "Le vendeur m'a assuré que mon immeuble était éligible à la fibre. Après signature, "
            "on m'annonce qu'il ne l'est pas. Je reste pourtant engagé 12 mois sur une offre "
            "ADSL plus chère."
        ),
        remedy_sought=("refund",),
        question="Pouvez-vous nous confirmer l'adresse exacte du logement ?",
        answer="12 rue des Tanneurs, 67000 Strasbourg.",
        remedy="Nous levons l'engagement et vous passons sur l'offre ADSL la moins chère.",
        resolution="L'éligibilité avait été testée à une mauvaise adresse. Engagement levé.",
    ),
    Situation(
        category="repair-not-fixed",
        department="technical-support",
        severity="medium",
        channel="email",
        customers=(("Pauline Gauthier", "pauline.gauthier@example.com", "+33 6 55 44 33 22"),),
        subject="Garantie refusée pour 'oxydation' sur un téléphone jamais mouillé",
        description=(
            "Mon téléphone ne charge plus. L'atelier refuse la garantie en invoquant une "
            "oxydation. Il n'a jamais été mouillé et l'indicateur d'humidité est blanc."
        ),
        remedy_sought=("repair",),
        reference="REP-55120",
        question="Pouvez-vous nous envoyer une photo de l'indicateur d'humidité ?",
        answer="Photo jointe, l'indicateur est blanc.",
        remedy="Une contre-expertise sera faite par un autre atelier, à nos frais.",
        resolution=(
            "La contre-expertise a trouvé un connecteur défectueux, sans oxydation. Réparé sous "
            "garantie."
        ),
    ),
    Situation(
        category="delivery-damaged",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(("Romain Perrin", "romain.perrin@example.org", "+33 6 66 77 88 99"),),
        subject="Le livreur a jeté le colis par-dessus le portail",
        description=(
            "Ma caméra de surveillance a filmé le livreur lancer le colis par-dessus le portail. "
            "L'écran d'ordinateur à l'intérieur est fissuré. J'ai la vidéo."
        ),
        remedy_sought=("replacement",),
        claimed="229.00 EUR",
        reference="CMD-4490018",
        question="Pouvez-vous nous transmettre la vidéo et des photos de l'écran ?",
        answer="Vidéo et photos envoyées par WeTransfer.",
        remedy="Nous vous livrons un nouvel écran et récupérons l'écran cassé.",
        resolution="Le transporteur a reconnu la faute. Écran remplacé, livreur écarté.",
    ),
    Situation(
        category="service-attitude-promises",
        department="customer-service",
        severity="low",
        channel="letter",
        customers=(("Gérard Bonnet", "", "+33 3 80 22 33 44"),),
        subject="Trois lettres recommandées sans réponse",
        description=(
            "Je vous ai écrit trois fois en recommandé au sujet d'une erreur sur mon contrat. "
            "Je n'ai jamais reçu la moindre réponse. Est-ce ainsi que vous traitez vos clients ?"
        ),
        remedy_sought=("explanation", "apology"),
        question="Pouvons-nous vous appeler pour reprendre votre demande de correction ?",
        answer="Oui, le matin de préférence.",
        remedy="Un conseiller dédié vous appellera et corrigera le contrat pendant l'appel.",
        resolution=(
            "Les recommandés étaient scannés sans être routés. Le contrat a été corrigé et le "
            "circuit du courrier revu."
        ),
        nature="venting",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="medium",
        channel="web",
        customers=(("Caroline Lemoine", "caroline.lemoine@example.com", "+33 6 12 21 34 43"),),
        subject="Irritations causées par le bracelet de la montre connectée",
        description=(
            "Après deux semaines, le bracelet de ma montre connectée m'a provoqué des plaques "
            "rouges au poignet. Mon médecin parle d'une allergie de contact."
        ),
        remedy_sought=("refund",),
        claimed="149.00 EUR",
        reference="MTR-FIT5",
        question="Pouvez-vous nous envoyer le numéro de lot inscrit sur le bracelet ?",
        answer="Lot B-2403.",
        remedy="Nous remboursons la montre et envoyons le bracelet à notre laboratoire.",
        resolution=(
            "Le laboratoire a trouvé un taux de nickel au-dessus de la norme dans le lot B-2403. "
            "Lot retiré et montre remboursée."
        ),
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="low",
        channel="web",
        customers=(
            ("Yannick Marchand", "yannick.marchand@example.net", "+33 6 99 88 77 66"),
            ("Aurélie Colin", "aurelie.colin@example.org", "+33 6 31 42 53 64"),
        ),
        subject="Coupure TV pendant la finale",
        description=(
            "La télévision a coupé à la 80e minute de la finale et n'est revenue qu'après le "
            "match. Vingt personnes étaient à la maison. Inadmissible pour un abonnement sport."
        ),
        remedy_sought=("compensation",),
        question="Votre décodeur affichait-il un code d'erreur ?",
        answer="Oui, E-302.",
        remedy="Nous vous offrons un mois de l'option sport.",
        resolution=(
            "Une surcharge de nos serveurs a coupé le direct pendant 25 minutes. Un mois "
            "d'option sport a été offert à tous les abonnés touchés."
        ),
        outcome="partially_upheld",
        nature="venting",
    ),
    Situation(
        category="service-quality-waiting",
        department="customer-service",
        severity="low",
        channel="in_person",
        customers=(("Hélène Rousseau", "helene.rousseau@example.com", "+33 6 45 54 63 72"),),
        subject="Une heure et demie d'attente malgré un rendez-vous",
        description=(
            "J'avais pris rendez-vous en boutique à 10 h pour changer de forfait. J'ai été reçue "
            "à 11 h 30. Personne ne m'a prévenue du retard."
        ),
        remedy_sought=("apology",),
        location="Boutique de Lille centre",
        question="Le changement de forfait a-t-il bien été fait ce jour-là ?",
        answer="Oui, mais j'ai dû poser une demi-journée.",
        remedy="Nous vous présentons nos excuses et offrons 10 € sur votre prochaine facture.",
        resolution="Deux conseillers étaient absents. La boutique prévient désormais par SMS.",
        outcome="partially_upheld",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="medium",
        channel="email",
        customers=(
            ("Vincent Fournier", "vincent.fournier@example.org", "+33 6 87 65 43 21"),
            ("Valérie Brun", "valerie.brun@example.net", "+33 6 81 92 03 14"),
        ),
        subject="Pénalités de retard alors que le prélèvement a échoué de votre fait",
        description=(
            "Votre prélèvement de mars a échoué à cause d'un changement de votre banque "
            "partenaire. Vous me facturez 15 € de pénalités de retard. Ce n'est pas ma faute."
        ),
        remedy_sought=("refund",),
        claimed="15.00 EUR",
        question="Pouvez-vous nous confirmer que votre RIB n'a pas changé ?",
        answer="Aucun changement, même banque depuis dix ans.",
        remedy="Nous annulons les pénalités et vous remboursons 15 €.",
        resolution="L'échec venait de notre migration bancaire. Pénalités annulées pour tous.",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="low",
        channel="web",
        customers=(("Benoît Gaillard", "benoit.gaillard@example.net", "+33 6 10 20 30 40"),),
        subject="Pixels morts sur un téléviseur neuf, échange refusé",
        description=(
            "Mon téléviseur neuf a quatre pixels morts au centre de l'écran. Le magasin refuse "
            "l'échange car 'moins de cinq pixels, c'est la norme'."
        ),
        remedy_sought=("replacement",),
        reference="TV-OLED55",
        question="Pouvez-vous nous envoyer une photo de l'écran sur fond blanc ?",
        answer="Photo jointe, les quatre points sont bien visibles.",
        remedy="Nous échangeons le téléviseur, les pixels étant au centre de l'image.",
        resolution="Notre politique prévoit l'échange pour des pixels au centre. Échange fait.",
    ),
    Situation(
        category="delivery-lost",
        department="delivery",
        severity="medium",
        channel="email",
        customers=(("Léa Morel", "lea.morel@example.com", "+33 6 13 24 35 46"),),
        subject="Retour perdu et remboursement refusé",
        description=(
            "J'ai renvoyé une imprimante avec l'étiquette fournie. Le suivi s'arrête au dépôt "
            "depuis un mois. Vous refusez de me rembourser tant que le colis n'est pas reçu."
        ),
        remedy_sought=("refund",),
        claimed="179.00 EUR",
        reference="RET-77120",
        question="Pouvez-vous nous envoyer la preuve de dépôt ?",
        answer="Ticket de dépôt joint.",
        remedy="Nous vous remboursons les 179 € et ouvrons une enquête auprès du transporteur.",
        resolution="Le colis a été perdu par le transporteur. Cliente remboursée.",
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="low",
        channel="letter",
        customers=(("Marcel Dupuis", "", "+33 5 56 77 88 99"),),
        subject="Chèque de remboursement au mauvais nom",
        description=(
            "Vous m'avez envoyé un chèque de remboursement de 42,50 € libellé au nom de mon "
            "défunt frère. Ma banque refuse de l'encaisser."
        ),
        remedy_sought=("refund",),
        claimed="42.50 EUR",
        question="Pouvez-vous nous retourner le chèque dans l'enveloppe T jointe ?",
        answer="Chèque renvoyé cette semaine.",
        remedy="Nous émettons un nouveau chèque à votre nom dès réception.",
        resolution="Le titulaire n'avait pas été mis à jour. Nouveau chèque envoyé.",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="low",
        channel="phone",
        customers=(("Christine Leroy", "christine.leroy@example.org", "+33 6 24 35 46 57"),),
        subject="Démarchage téléphonique insistant",
        description=(
            "Un vendeur de votre part m'a appelée quatre fois dans la même journée pour une "
            "offre. Quand j'ai refusé, il est devenu insistant et désagréable."
        ),
        remedy_sought=("apology",),
        question="Avez-vous noté le numéro qui vous a appelée ?",
        answer="Oui, le 09 70 00 11 22.",
        remedy="Nous vous inscrivons sur notre liste d'opposition et signalons l'appelant.",
        resolution=(
            "Le numéro appartient à un partenaire de télévente. Le partenaire a été averti et "
            "la cliente retirée de toute campagne."
        ),
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="critical",
        channel="web",
        customers=(
            ("Maxime Renaud", "maxime.renaud@example.net", "+33 6 35 46 57 68"),
            ("Kevin Hoarau", "kevin.hoarau@example.org", "+262 692 11 22 33"),
        ),
        subject="Frein défaillant sur la trottinette électrique",
        description=(
            "Le frein arrière de ma trottinette électrique a lâché en descente. J'ai pu m'arrêter "
            "avec le pied mais j'aurais pu me blesser gravement. Elle a un mois."
        ),
        remedy_sought=("refund", "explanation"),
        claimed="499.00 EUR",
        reference="TRT-X10",
        question="Merci de ne plus l'utiliser. Pouvez-vous nous envoyer le numéro de série ?",
        answer="SN X10-2404-3381.",
        remedy="Nous récupérons la trottinette pour expertise et vous remboursons intégralement.",
        resolution=(
            "L'expertise a révélé un étrier mal serré en usine sur une série. Rappel des "
            "trottinettes de la série et client remboursé."
        ),
    ),
    Situation(
        category="other",
        department="customer-service",
        severity="low",
        channel="email",
        customers=(("Sylvie Lacroix", "sylvie.lacroix@example.com", "+33 6 46 57 68 79"),),
        subject="Impossible de me connecter à l'espace client depuis deux semaines",
        description=(
            "Depuis deux semaines, l'espace client affiche 'erreur technique' dès que je saisis "
            "mon mot de passe. Je ne peux plus télécharger mes factures."
        ),
        question="Quel navigateur et quel appareil utilisez-vous ?",
        answer="Firefox sur un ordinateur portable.",
        remedy="Nous réinitialisons votre compte et vous envoyons vos factures par e-mail.",
        resolution="Un compte en double bloquait la connexion. Fusionné, accès rétabli.",
        nature="help_seeking",
    ),
    Situation(
        category="repair-not-fixed",
        department="technical-support",
        severity="high",
        channel="web",
        customers=(("Nicolas Guerin", "nicolas.guerin@example.org", "+33 6 57 68 79 80"),),
        subject="L'atelier a effacé toutes mes photos",
        description=(
            "J'ai confié mon ordinateur pour un remplacement de clavier. Il est revenu "
            "réinitialisé : dix ans de photos de famille effacées, sans que personne ne me "
            "prévienne."
        ),
        remedy_sought=("explanation", "compensation"),
        reference="REP-66231",
        question="Avez-vous une sauvegarde, même partielle, sur un autre support ?",
        answer="Non, malheureusement.",
        remedy="Nous confions le disque à un laboratoire de récupération de données, à nos frais.",
        resolution=(
            "Le laboratoire a récupéré environ 80 % des photos. La procédure de l'atelier impose "
            "désormais l'accord écrit du client avant toute réinitialisation."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="low",
        channel="web",
        customers=(("Anne Muller", "anne.muller@example.net", "+33 6 68 79 80 91"),),
        subject="Frais de mise en service facturés alors qu'offerts",
        description=(
            "L'offre précisait 'frais de mise en service offerts'. Ma première facture comporte "
            "49 € de frais de mise en service."
        ),
        remedy_sought=("refund",),
        claimed="49.00 EUR",
        question="Pouvez-vous nous transmettre le récapitulatif de commande ?",
        answer="Joint, la mention 'offerts' y figure.",
        remedy="Nous remboursons les 49 € sur votre prochaine facture.",
        resolution="Le code promotionnel n'avait pas été appliqué. Frais remboursés.",
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="medium",
        channel="phone",
        customers=(("Didier Lemaire", "didier.lemaire@example.com", "+33 6 79 80 91 02"),),
        subject="Six semaines d'attente pour l'installation de la box",
        description=(
            "J'ai souscrit il y a six semaines. Trois rendez-vous ont été annulés la veille. "
            "Je paie déjà l'abonnement et je n'ai toujours pas internet."
        ),
        remedy_sought=("repair", "refund"),
        question="Quels créneaux vous conviennent la semaine prochaine ?",
        answer="Mardi ou mercredi matin.",
        remedy="Rendez-vous prioritaire mardi matin et remboursement des mensualités payées.",
        resolution="L'installation a été faite mardi et les six semaines remboursées.",
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="medium",
        channel="phone",
        customers=(("Françoise Henry", "", "+33 1 45 67 89 10"),),
        subject="Livraison refusée au quatrième étage sans ascenseur",
        description=(
            "Je suis en fauteuil roulant. J'avais payé la livraison à l'étage de mon "
            "réfrigérateur. Le livreur l'a laissé au rez-de-chaussée en disant qu'il n'y avait "
            "pas d'ascenseur."
        ),
        remedy_sought=("apology", "compensation"),
        reference="CMD-4483310",
        question="Le réfrigérateur est-il toujours au rez-de-chaussée ?",
        answer="Oui, le gardien l'a mis dans le local à vélos.",
        remedy="Une équipe de deux personnes le montera demain et nous remboursons la livraison.",
        resolution="Le réfrigérateur a été monté et installé ; frais de livraison remboursés.",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="low",
        channel="chat",
        customers=(("Alexandre Lopez", "alexandre.lopez@example.org", "+33 6 80 91 02 13"),),
        subject="Console de jeux anormalement bruyante",
        description=(
            "Ma console neuve fait un bruit de ventilateur très fort, même au menu. Celle de "
            "mon ami, identique, est silencieuse."
        ),
        remedy_sought=("replacement",),
        reference="CNS-PRO",
        question="Pouvez-vous nous envoyer une courte vidéo avec le son ?",
        answer="Vidéo envoyée.",
        remedy="Nous échangeons la console.",
        resolution="Le ventilateur était mal fixé. Console échangée.",
    ),
    Situation(
        category="other",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("Marie-Claire Dumont", "mc.dumont@example.com", "+33 6 91 02 13 24"),),
        subject="Erreur sur mon nom impossible à corriger",
        description=(
            "Mon nom est écrit 'Dumond' sur toutes mes factures. J'ai demandé la correction "
            "trois fois. C'est gênant pour mes justificatifs de domicile."
        ),
        question="Pouvez-vous nous envoyer une copie de votre pièce d'identité ?",
        answer="Copie jointe.",
        remedy="Nous corrigeons votre nom et vous envoyons une attestation corrigée.",
        resolution="Le nom a été corrigé dans le système de facturation et le CRM.",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="high",
        channel="api",
        customers=(("Association Les Petits Pas", "tresorerie@example.org", "+33 4 91 00 11 22"),),
        subject="Cinq lignes coupées pour impayé alors que tout est payé",
        description=(
            "Notre association a vu ses cinq lignes suspendues ce matin pour 'impayé'. Nos "
            "virements sont à jour, nous avons les relevés. Nos éducateurs ne sont plus "
            "joignables par les familles."
        ),
        remedy_sought=("repair", "explanation"),
        reference="PRO-55012",
        question="Pouvez-vous nous envoyer les relevés des trois derniers virements ?",
        answer="Relevés joints.",
        remedy="Nous rétablissons les lignes immédiatement et annulons la procédure de relance.",
        resolution=(
            "Les virements étaient affectés à un ancien numéro de compte. Lignes rétablies en "
            "une heure et affectation corrigée."
        ),
    ),
    Situation(
        category="delivery-damaged",
        department="delivery",
        severity="low",
        channel="web",
        customers=(("Inès Fabre", "ines.fabre@example.net", "+33 6 02 13 24 35"),),
        subject="Service de vaisselle livré avec trois assiettes cassées",
        description=(
            "Le carton du service de table était à peine protégé. Trois assiettes sont arrivées "
            "en morceaux."
        ),
        remedy_sought=("replacement",),
        claimed="36.00 EUR",
        reference="CMD-4495521",
        question="Pouvez-vous nous envoyer une photo du carton et des assiettes ?",
        answer="Photos jointes.",
        remedy="Nous vous envoyons trois assiettes de remplacement.",
        resolution="Assiettes remplacées ; l'emballage de ce produit a été renforcé.",
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="low",
        channel="email",
        customers=(("Laurent Barbier", "laurent.barbier@example.com", "+33 6 13 35 57 79"),),
        subject="Résiliation impossible en ligne",
        description=(
            "Votre site m'oblige à appeler pour résilier, alors que la loi impose la résiliation "
            "en trois clics. Au téléphone, on me propose des offres pendant vingt minutes."
        ),
        remedy_sought=("explanation",),
        question=(
            "Souhaitez-vous que nous enregistrions la résiliation à la date de votre message ?"
        ),
        answer="Oui, à la date de mon e-mail.",
        remedy="Nous enregistrons la résiliation à la date de votre e-mail.",
        resolution=(
            "La résiliation a été prise en compte. Le bouton de résiliation en ligne est en cours "
            "de correction."
        ),
    ),
    Situation(
        category="equipment-faulty",
        department="technical-support",
        severity="medium",
        channel="email",
        customers=(
            ("Émilie Girard", "emilie.girard@example.com", "+33 6 14 25 36 47"),
            ("Stéphane Noël", "stephane.noel@example.com", "+33 6 92 03 14 25"),
        ),
        subject="Répéteur Wi-Fi qui se déconnecte toutes les heures",
        description=(
            "Le répéteur Wi-Fi loué avec ma box se déconnecte toutes les heures. Mes enfants "
            "suivent des cours en ligne et perdent la connexion en pleine classe."
        ),
        remedy_sought=("replacement",),
        reference="REP-WIFI6",
        question="Le voyant du répéteur devient-il rouge ou orange lors des coupures ?",
        answer="Il clignote en orange pendant une minute puis redevient blanc.",
        remedy="Nous vous envoyons un répéteur de nouvelle génération en remplacement.",
        resolution="Le modèle loué souffre d'un défaut de firmware. Répéteur remplacé.",
    ),
    Situation(
        category="billing-double-charge",
        department="billing",
        severity="low",
        channel="chat",
        customers=(("Hugo Lemaire", "hugo.lemaire@example.net", "+33 6 25 36 47 58"),),
        subject="Option Netflix facturée deux fois",
        description=(
            "Ma facture comporte deux fois l'option Netflix à 13,49 €, une fois dans le "
            "forfait et une fois en option séparée."
        ),
        remedy_sought=("refund",),
        claimed="40.47 EUR",
        question="Depuis combien de mois voyez-vous cette double ligne sur vos factures ?",
        answer="Depuis trois mois, depuis le changement d'offre.",
        remedy="Nous supprimons l'option en double et remboursons les trois mois.",
        resolution=(
            "L'ancienne option n'avait pas été retirée lors du changement d'offre. Remboursé."
        ),
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="low",
        channel="web",
        customers=(("Clément Picard", "clement.picard@example.org", "+33 6 36 47 58 69"),),
        subject="Rendez-vous de livraison annulé trois fois",
        description=(
            "La livraison de mon canapé a été reportée trois fois par le transporteur, chaque "
            "fois la veille au soir. J'ai déjà posé trois jours de congé."
        ),
        remedy_sought=("compensation",),
        claimed="150.00 EUR",
        reference="CMD-4499102",
        question="Quelles dates vous conviendraient pour une livraison garantie ?",
        answer="Le samedi 22 ou le samedi 29.",
        remedy="Livraison garantie le samedi 22 et 50 € de dédommagement.",
        resolution="Le canapé a été livré le 22 ; 50 € de dédommagement versés.",
        outcome="partially_upheld",
    ),
]

FRENCH = Language("fr", PHRASES, SITUATIONS)
