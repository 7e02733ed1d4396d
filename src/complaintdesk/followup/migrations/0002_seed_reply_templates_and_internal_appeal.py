"""A few reply templates for every category, in each language, written to the handling
principles (acknowledge the customer's feelings, do not argue or make excuses, explain the
steps and realistic times, apologise where the company was wrong), and the internal appeal.
Administrators edit them, add their own per category, and add the external options."""

from django.db import migrations

TEMPLATES = {
    "en": [
        (
            "We are looking into it",
            "Dear {customer_name},\n\n"
            "Thank you for telling us about this. I understand how frustrating it is, and I am "
            "sorry for the trouble it has caused you.\n\n"
            "I am now looking into what happened with your complaint {reference}. I will check "
            "the details with the team concerned and come back to you by {due_date} at the "
            "latest, sooner if I can. If anything changes before then, I will tell you.\n\n"
            "Kind regards,",
        ),
        (
            "We got it wrong: apology and what we will do",
            "Dear {customer_name},\n\n"
            "I have looked into your complaint {reference}, and you are right: we got this "
            "wrong. I am sorry.\n\n"
            "This is what we will do to put it right: [the steps]. I expect this to be done by "
            "{due_date}, and I will confirm to you when it is.\n\n"
            "Kind regards,",
        ),
        (
            "We need a little more information",
            "Dear {customer_name},\n\n"
            "Thank you for your patience with your complaint {reference}. I understand you "
            "want this settled quickly, and so do I.\n\n"
            "To finish looking into it I need one more thing from you: [what is needed]. As "
            "soon as I have it, I expect to answer you within [time].\n\n"
            "Kind regards,",
        ),
    ],
    "es": [
        (
            "Lo estamos revisando",
            "Estimado/a {customer_name}:\n\n"
            "Gracias por contárnoslo. Entiendo lo frustrante que es y lamento las molestias "
            "que le ha causado.\n\n"
            "Ahora estoy revisando lo ocurrido con su reclamación {reference}. Comprobaré los "
            "detalles con el equipo correspondiente y le responderé a más tardar el "
            "{due_date}, antes si puedo. Si algo cambia, se lo diré.\n\n"
            "Atentamente,",
        ),
        (
            "Nos equivocamos: disculpa y lo que haremos",
            "Estimado/a {customer_name}:\n\n"
            "He revisado su reclamación {reference} y tiene razón: nos equivocamos. Le pido "
            "disculpas.\n\n"
            "Esto es lo que haremos para solucionarlo: [los pasos]. Espero que esté hecho el "
            "{due_date} y se lo confirmaré cuando lo esté.\n\n"
            "Atentamente,",
        ),
        (
            "Necesitamos un poco más de información",
            "Estimado/a {customer_name}:\n\n"
            "Gracias por su paciencia con su reclamación {reference}. Entiendo que quiera "
            "resolverlo pronto, y yo también.\n\n"
            "Para terminar la revisión necesito una cosa más: [lo que se necesita]. En cuanto "
            "la tenga, espero responderle en [plazo].\n\n"
            "Atentamente,",
        ),
    ],
    "fr": [
        (
            "Nous examinons votre réclamation",
            "Bonjour {customer_name},\n\n"
            "Merci de nous avoir fait part de ce problème. Je comprends votre agacement et je "
            "suis désolé(e) pour le désagrément.\n\n"
            "J'examine maintenant ce qui s'est passé pour votre réclamation {reference}. Je "
            "vérifie les détails avec l'équipe concernée et je reviens vers vous au plus tard "
            "le {due_date}, plus tôt si possible. Si quelque chose change d'ici là, je vous "
            "le dirai.\n\n"
            "Bien cordialement,",
        ),
        (
            "Nous nous sommes trompés : excuses et ce que nous allons faire",
            "Bonjour {customer_name},\n\n"
            "J'ai examiné votre réclamation {reference} et vous avez raison : nous nous sommes "
            "trompés. Je vous présente nos excuses.\n\n"
            "Voici ce que nous allons faire pour y remédier : [les étapes]. Cela devrait être "
            "fait d'ici le {due_date} ; je vous le confirmerai.\n\n"
            "Bien cordialement,",
        ),
        (
            "Il nous manque une information",
            "Bonjour {customer_name},\n\n"
            "Merci de votre patience pour votre réclamation {reference}. Je comprends que vous "
            "souhaitiez une solution rapide, et c'est aussi mon souhait.\n\n"
            "Pour terminer l'examen, j'ai besoin d'une dernière chose : [ce qui manque]. Dès "
            "que je l'aurai, je pense vous répondre sous [délai].\n\n"
            "Bien cordialement,",
        ),
    ],
    "zh-hans": [
        (
            "我们正在处理",
            "{customer_name}，您好：\n\n"
            "感谢您告诉我们这个问题。我理解这让您很困扰，对此给您带来的不便深表歉意。\n\n"
            "我正在调查您的投诉 {reference} 的具体情况，会与相关团队核实细节，并最迟于 "
            "{due_date} 回复您，如能更早会尽快回复。如有任何变化，我会及时告诉您。\n\n"
            "此致",
        ),
        (
            "是我们的错：致歉及处理措施",
            "{customer_name}，您好：\n\n"
            "我已核查您的投诉 {reference}，您说得对：是我们做错了。非常抱歉。\n\n"
            "我们将采取以下措施纠正：[具体步骤]。预计在 {due_date} 前完成，完成后我会向您确认。\n\n"
            "此致",
        ),
        (
            "还需要一些信息",
            "{customer_name}，您好：\n\n"
            "感谢您对投诉 {reference} 的耐心。我理解您希望尽快解决，我也一样。\n\n"
            "为完成调查，我还需要您提供一项信息：[所需信息]。收到后，我预计在 [时间] 内答复您。\n\n"
            "此致",
        ),
    ],
}

INTERNAL_APPEAL = {
    "en": (
        "Review by a supervisor",
        "Reply through your complaint's page within 30 days and say why you do not accept the "
        "decision; a supervisor who did not handle your complaint will review it.",
    ),
    "es": (
        "Revisión por un supervisor",
        "Responda desde la página de su reclamación en un plazo de 30 días indicando por qué "
        "no acepta la decisión; un supervisor que no haya tramitado su reclamación la "
        "revisará.",
    ),
    "fr": (
        "Réexamen par un responsable",
        "Répondez depuis la page de votre réclamation dans les 30 jours en expliquant pourquoi "
        "vous n'acceptez pas la décision ; un responsable qui n'a pas traité votre réclamation "
        "la réexaminera.",
    ),
    "zh-hans": (
        "主管复核",
        "请在 30 天内通过投诉页面回复并说明您不接受决定的原因；将由未经手您投诉的主管进行复核。",
    ),
}


def seed(apps, schema_editor):
    reply_template = apps.get_model("followup", "ReplyTemplate")
    appeal_option = apps.get_model("followup", "AppealOption")
    for language, templates in TEMPLATES.items():
        for title, body in templates:
            reply_template.objects.get_or_create(
                title=title, language=language, category=None, defaults={"body": body}
            )
    for language, (name, how) in INTERNAL_APPEAL.items():
        appeal_option.objects.get_or_create(
            kind="internal", language=language, name=name, defaults={"how": how}
        )


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_surveys_appeals_progress_templates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
