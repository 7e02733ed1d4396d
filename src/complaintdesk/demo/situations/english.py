from complaintdesk.demo.scenario import Language, Phrases, Situation

PHRASES = Phrases(
    holding_replies=(
        "Thank you for your patience. I am looking into this personally and will come back to "
        "you within two working days.",
        "I have passed your complaint to the team concerned and asked for their findings by "
        "Friday. I will write again as soon as I have them.",
        "Just to let you know we have not forgotten you: we are still waiting for a report "
        "from our partner and expect it early next week.",
    ),
    chasers=(
        "Is there any news on my complaint? It has been a while.",
        "I still have not heard anything. Could someone please update me?",
        "Following up again. I would appreciate an answer this week.",
    ),
    rejections=(
        "Sorry, but that does not cover what I actually lost. I expected a full refund.",
        "I do not accept this. It does nothing about the time I had to take off work.",
        "A voucher is no use to me, I will not be ordering again. I would like the money back.",
    ),
    goodwill=(
        "In addition, we will credit £20 to your account as a gesture of goodwill.",
        "We have also added a goodwill payment of £30 for the inconvenience.",
    ),
    reopenings=(
        "The problem is back, exactly as before. Please reopen my complaint.",
        "The refund you promised never reached my account.",
        "The replacement has the same fault as the original.",
    ),
    withdrawals=(
        "Please withdraw my complaint, the shop sorted it out with me directly.",
        "I found the parcel with a neighbour, so you can close this. Thanks.",
        "I no longer wish to pursue this.",
    ),
)

SITUATIONS = [
    Situation(
        category="billing-double-charge",
        department="billing",
        severity="medium",
        channel="email",
        customers=(
            ("Margaret Ellis", "margaret.ellis@example.com", "+44 7700 900412"),
            ("Sandra Booth", "sandra.booth@example.org", "+44 7700 900302"),
        ),
        subject="Charged twice for my March bill",
        description=(
            "My bank statement shows two payments of £54.90 to you on 3 March, both for the "
            "same invoice. I only authorised one. This has left me short for the rest of the "
            "month and I would like the duplicate returned as soon as possible."
        ),
        remedy_sought=("refund",),
        claimed="54.90 GBP",
        reference="INV-2403-77812",
        question="Could you send us a screenshot of your bank statement showing both payments?",
        answer="Screenshot attached. Both payments are dated 3 March, same amount.",
        remedy="We will refund the duplicate payment of £54.90 to your card within 5 working days.",
        resolution=(
            "A retry in our payment gateway collected the bill twice. The duplicate £54.90 was "
            "refunded on the same card and the gateway setting has been corrected."
        ),
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(
            ("James O'Connor", "james.oconnor@example.net", "+353 85 010 2231"),
            ("Helen Price", "helen.price@example.com", "+44 7700 900233"),
        ),
        subject="Washing machine delivery missed three times",
        description=(
            "I have now taken three separate days off work for the delivery of my washing "
            "machine and nobody has come. Each time the tracking says 'out for delivery' until "
            "6pm and then changes to 'rescheduled'. Nobody calls, nobody apologises."
        ),
        remedy_sought=("apology", "compensation"),
        claimed="150.00 GBP",
        reference="ORD-5581920",
        question="Which dates did you wait in for the delivery, and at which address?",
        answer="14, 18 and 21 of the month, at 22 Holloway Road. I was home all day each time.",
        remedy=(
            "A named driver will deliver on the date of your choice in a two-hour slot, and we "
            "will pay £75 compensation for the wasted days."
        ),
        resolution=(
            "Our courier's depot was short of two-person crews and rescheduled without telling "
            "customers. The machine was delivered and £75 compensation paid."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="medium",
        channel="phone",
        customers=(("Derek Hughes", "", "+44 7700 900871"),),
        subject="Agent hung up on me",
        description=(
            "I rang about my broken router this morning. After twenty minutes on hold the agent "
            "told me it was 'obviously my fault', talked over me and then ended the call while "
            "I was still speaking. I am 74 and I found this upsetting."
        ),
        remedy_sought=("apology",),
        question="Could you tell us roughly what time you called, so we can find the recording?",
        answer="It was around 10.15 in the morning, on Tuesday.",
        remedy="The team leader will call you to apologise and arrange the router replacement.",
        resolution=(
            "We listened to the recording: the agent's tone was unacceptable and the call was "
            "ended early. The agent has been coached, the team leader apologised by phone and "
            "a new router was sent."
        ),
    ),
    Situation(
        category="equipment-faulty",
        department="technical-support",
        severity="medium",
        channel="web",
        customers=(("Priyanka Shah", "priyanka.shah@example.org", "+44 7700 900519"),),
        subject="New set-top box keeps rebooting",
        description=(
            "The TV box you installed two weeks ago restarts itself every evening, usually in "
            "the middle of a programme. I have unplugged it, reset it and changed the HDMI cable "
            "as your website suggests. Nothing helps."
        ),
        remedy_sought=("replacement",),
        reference="STB-4K-22019844",
        question="Could you tell us the software version shown under Settings > About?",
        answer="It says version 7.2.114.",
        remedy=(
            "We will send a replacement box by courier and collect the faulty one at the same time."
        ),
        resolution=(
            "Version 7.2.114 has a known fault on this model. The box was replaced and the fix "
            "is being pushed to all boxes this month."
        ),
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="low",
        channel="email",
        customers=(
            ("Robert Chen", "robert.chen@example.com", "+1 202-555-0147"),
            ("Michael Reeves", "michael.reeves@example.com", "+1 202-555-0175"),
        ),
        subject="Price went up without any notice",
        description=(
            "My monthly plan was $39.99 when I signed up in January. This month I was billed "
            "$47.50. I never received any notice of a price change and the contract says the "
            "price is fixed for 12 months."
        ),
        remedy_sought=("refund", "explanation"),
        claimed="7.51 USD",
        reference="ACC-9934120",
        question="Could you forward the confirmation e-mail you received when you signed up?",
        answer="Forwarded. It clearly says 'price guaranteed for 12 months'.",
        remedy="We will restore the $39.99 price until January and refund the difference.",
        resolution=(
            "Your account was wrongly included in the annual price review. The fixed price was "
            "restored and the $7.51 difference refunded."
        ),
    ),
    Situation(
        category="delivery-damaged",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(("Aisha Bello", "aisha.bello@example.com", "+44 7700 900660"),),
        subject="Television arrived with a cracked screen",
        description=(
            "The 55-inch TV arrived today. The box looked fine but when I unpacked it the screen "
            "has a crack running from the corner. I have photos. I paid £649 and would like a "
            "new one, not a repair."
        ),
        remedy_sought=("replacement",),
        claimed="649.00 GBP",
        reference="ORD-5603117",
        question="Please send us photos of the screen and of the outside of the box.",
        answer="Photos uploaded, three of the screen and two of the box.",
        remedy="We will collect the damaged set and deliver a new one on the same visit.",
        resolution="The damaged set was swapped for a new one on a single visit.",
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="high",
        channel="letter",
        customers=(("Dorothy Walsh", "", "+44 7700 900105"),),
        subject="My mother was sold a contract she does not need",
        description=(
            "I am writing on behalf of my mother, who is 86. A salesman visited her at home and "
            "signed her up to a 24-month premium TV and broadband bundle. She does not use the "
            "internet and did not understand what she was signing. I hold power of attorney."
        ),
        remedy_sought=("refund", "apology"),
        reference="CON-2024-118834",
        location="Leeds",
        question="Could you send us a copy of the power of attorney so we can act on your behalf?",
        answer="A certified copy has been posted to you today.",
        remedy=(
            "We will cancel the contract with no exit fee, refund every payment made and remove "
            "the equipment at a time that suits your mother."
        ),
        resolution=(
            "The sale did not follow our vulnerable-customer rules. The contract was cancelled, "
            "all £212 refunded, and the sales agent's visits are now reviewed."
        ),
    ),
    Situation(
        category="repair-missed-visit",
        department="technical-support",
        severity="medium",
        channel="chat",
        customers=(
            ("Liam Murphy", "liam.murphy@example.net", "+353 87 010 5562"),
            ("Olivia Grant", "olivia.grant@example.com", "+44 7700 900380"),
        ),
        subject="Engineer never turned up",
        description=(
            "I was told an engineer would come between 8am and 1pm to fix my line. I waited in "
            "all day. At 4pm I got a text saying the appointment was 'completed'. It was not. "
            "I still have no internet and I work from home."
        ),
        remedy_sought=("repair", "compensation"),
        question="Is the line still down, and which days can you be at home this week?",
        answer="Still down. I can be home Wednesday or Thursday.",
        remedy=(
            "An engineer is booked for Wednesday morning, first appointment, and we will credit "
            "one month's line rental."
        ),
        resolution=(
            "The job was closed by mistake when the engineer was reassigned. The line was "
            "repaired on Wednesday and one month's rental credited."
        ),
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="high",
        channel="email",
        customers=(("Nathan Brooks", "nathan.brooks@example.com", "+1 202-555-0183"),),
        subject="Kettle lid broke off and hot water spilled",
        description=(
            "The hinge on the lid of your 1.7 L kettle snapped while I was pouring. Boiling "
            "water went over the counter and narrowly missed my daughter. The kettle is only "
            "four months old."
        ),
        remedy_sought=("refund",),
        claimed="34.99 USD",
        reference="KT-1700-B",
        question="Could you send photos of the broken hinge and the batch number under the base?",
        answer="Photos attached. The batch number is 2311-C.",
        remedy="We will refund the kettle in full and collect it for analysis.",
        resolution=(
            "Batch 2311-C had a weak hinge moulding. The kettle was refunded, the batch "
            "withdrawn from sale and customers who bought it are being contacted."
        ),
    ),
    Situation(
        category="service-quality-waiting",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("Fiona Campbell", "fiona.campbell@example.org", "+44 7700 900742"),),
        subject="Two hours on hold, twice",
        description=(
            "I have tried to reach your helpline twice this week and both times waited nearly "
            "two hours before giving up. All I need is to update my address. Your website does "
            "not let me do it online."
        ),
        remedy_sought=("explanation",),
        question="Which new address should we record, and from which date?",
        answer="Flat 3, 18 Marchmont Street, from the 1st of next month.",
        remedy="We will update your address today and confirm it to you in writing.",
        resolution=(
            "The address was updated. Waiting times were long that week after a system outage; "
            "address changes can now be made online under My account."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="medium",
        channel="email",
        customers=(
            ("Samuel Okoro", "samuel.okoro@example.com", "+44 7700 900298"),
            ("Karen Holt", "karen.holt@example.net", "+44 7700 900147"),
        ),
        subject="Still waiting for refund after returning headphones",
        description=(
            "I returned a pair of headphones on 2 May using your prepaid label. The tracking "
            "shows they were delivered to your warehouse on 5 May. Six weeks later I still have "
            "not been refunded the £129."
        ),
        remedy_sought=("refund",),
        claimed="129.00 GBP",
        reference="RMA-330871",
        question="Could you send us the return tracking number?",
        answer="It is RT 4492 1187 3GB.",
        remedy="We will refund £129 to your original payment method today.",
        resolution=(
            "The return was received but never scanned into stock. The refund was issued and "
            "the warehouse has been asked to check for other unscanned returns."
        ),
    ),
    Situation(
        category="safety-data",
        department="quality",
        severity="high",
        channel="email",
        customers=(
            ("Charlotte Reid", "charlotte.reid@example.net", "+44 7700 900914"),
            ("Rajesh Kumar", "rajesh.kumar@example.com", "+44 7700 900268"),
        ),
        subject="I received someone else's invoice",
        description=(
            "The invoice e-mailed to me yesterday is not mine. It has another customer's name, "
            "home address and the last digits of their bank account. I am worried my details "
            "have gone to somebody else as well."
        ),
        remedy_sought=("explanation",),
        question="Please delete the e-mail and tell us the invoice number shown on it.",
        answer="Deleted. The invoice number was INV-2405-11873.",
        remedy=(
            "We will confirm in writing that your own details were not disclosed and explain "
            "what caused the error."
        ),
        resolution=(
            "A template error sent 14 invoices to the wrong recipients; yours was not among the "
            "disclosed ones. The incident was reported to the data protection officer."
        ),
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="low",
        channel="phone",
        customers=(("Gareth Jones", "gareth.jones@example.com", "+44 7700 900451"),),
        subject="Installer left cables across the floor",
        description=(
            "The installer fitted the new router but left the cable loose across the hallway "
            "floor and drilled through the wrong wall. He said someone else would come back "
            "to tidy it up. Nobody has."
        ),
        remedy_sought=("repair",),
        question="Could you send a photo of the cable run and the hole?",
        answer="Photos sent by e-mail this afternoon.",
        remedy=(
            "An installer will come back to clip the cable along the skirting and fill the hole."
        ),
        resolution="The cable was re-routed and clipped and the hole filled and painted.",
    ),
    Situation(
        category="delivery-lost",
        department="delivery",
        severity="medium",
        channel="web",
        customers=(
            ("Emily Carter", "emily.carter@example.org", "+1 202-555-0119"),
            ("Laura Simmons", "laura.simmons@example.org", "+1 202-555-0171"),
        ),
        subject="Parcel marked delivered but never arrived",
        description=(
            "Tracking says my order was delivered and 'left in a safe place' at 11.02 yesterday. "
            "I was at home all day and nothing came. There is no photo. I have checked with "
            "both neighbours."
        ),
        remedy_sought=("replacement", "refund"),
        claimed="86.40 USD",
        reference="ORD-5612004",
        question="Do you have a porch, a side gate or a bin store where it could have been left?",
        answer="Only a small porch, and it was not there. No side gate.",
        remedy="We will send the order again at no cost, by tracked delivery with signature.",
        resolution="The courier could not show where the parcel was left. The order was resent.",
    ),
    Situation(
        category="service-attitude-promises",
        department="customer-service",
        severity="medium",
        channel="email",
        customers=(("Patrick Doyle", "patrick.doyle@example.net", "+353 86 010 7712"),),
        subject="Promised callback never happened",
        description=(
            "I have been promised a callback from a manager four times now about my broken "
            "contract terms. Each time I am told 'within 48 hours'. Nobody has ever called. "
            "I am losing patience."
        ),
        remedy_sought=("apology", "explanation"),
        question="What is the best number and time to reach you?",
        answer="My mobile, any weekday after 5pm.",
        remedy="The customer service manager will call you personally on Thursday after 5pm.",
        resolution=(
            "Callback requests were being logged in a queue nobody monitored. The manager "
            "called, resolved the contract issue and the queue is now checked daily."
        ),
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="high",
        channel="web",
        customers=(
            ("Hannah Scott", "hannah.scott@example.com", "+44 7700 900667"),
            ("Mohammed Rahman", "m.rahman@example.org", "+44 7700 900821"),
        ),
        subject="Broadband down for five days",
        description=(
            "My broadband has been completely down since Saturday. The status page says there "
            "is 'no known issue in your area', yet my neighbours are affected too. I run a "
            "small business from home and am losing orders."
        ),
        remedy_sought=("repair", "compensation"),
        claimed="250.00 GBP",
        location="Bristol BS5",
        question="Could you send us the lights showing on the router right now?",
        answer="Power is green, the internet light is flashing orange.",
        remedy=(
            "The cabinet fault is being repaired; we will credit the days without service plus "
            "the automatic compensation for delayed repairs."
        ),
        resolution=(
            "A cable cut at the street cabinet affected 140 homes. Service was restored on day "
            "six and automatic compensation was paid on every affected account."
        ),
        outcome="partially_upheld",
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="medium",
        channel="email",
        customers=(("Victoria Lane", "victoria.lane@example.com", "+44 7700 900190"),),
        subject="You will not let me cancel after bereavement",
        description=(
            "My husband died in February. I have sent the death certificate twice and asked to "
            "close his account. You keep billing it and your letters are addressed to him. "
            "Every letter is another reminder."
        ),
        remedy_sought=("refund", "apology"),
        claimed="98.00 GBP",
        question="We are very sorry for your loss. Could you confirm the account number?",
        answer="It is ACC-7712093.",
        remedy=(
            "We will close the account from the date of death, refund the payments taken since "
            "and stop all letters to your husband's name."
        ),
        resolution=(
            "The bereavement team closed the account from the date of death and refunded £98. "
            "The certificate had been filed without a task being created; this is fixed."
        ),
    ),
    Situation(
        category="product-quality-not-as-described",
        department="quality",
        severity="low",
        channel="web",
        customers=(("Oliver Bennett", "oliver.bennett@example.net", "+44 7700 900733"),),
        subject="Speaker is not waterproof as advertised",
        description=(
            "The product page says the speaker is IPX7 waterproof. It stopped working after "
            "a light rain shower in the garden. The manual inside the box says 'splash "
            "resistant' only."
        ),
        remedy_sought=("refund",),
        claimed="79.00 GBP",
        reference="SPK-GO2",
        question="Could you send a photo of the product label and the page of the manual?",
        answer="Both photos attached.",
        remedy="We will refund the speaker and correct the product page.",
        resolution=(
            "The product page described the newer model by mistake. The page was corrected and "
            "the speaker refunded."
        ),
    ),
    Situation(
        category="repair-not-fixed",
        department="technical-support",
        severity="medium",
        channel="phone",
        customers=(("Thomas Wright", "thomas.wright@example.com", "+44 7700 900556"),),
        subject="Laptop came back from repair with the same fault",
        description=(
            "I sent my laptop for repair because the screen flickers. It came back after three "
            "weeks with a note saying 'no fault found'. The flicker started again the first "
            "evening. I have a video of it."
        ),
        remedy_sought=("repair", "replacement"),
        reference="REP-118204",
        question="Please upload the video of the flickering screen.",
        answer="Uploaded, it shows the flicker after about a minute.",
        remedy="We will replace the screen assembly under warranty with a five-day turnaround.",
        resolution=(
            "The video showed the fault the workshop could not reproduce. The screen assembly "
            "was replaced and the laptop returned in four days."
        ),
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="medium",
        channel="api",
        customers=(("Greenfield Dental Ltd", "accounts@example.com", "+44 7700 900001"),),
        subject="Business account billed for 12 lines instead of 8",
        description=(
            "Our practice has 8 phone lines. Since the migration in April we have been invoiced "
            "for 12. We raised this with our account manager in May but the May and June "
            "invoices are still wrong."
        ),
        remedy_sought=("refund",),
        claimed="312.00 GBP",
        reference="BUS-44120",
        question="Could you list the 8 numbers you actually use?",
        answer="List attached with all eight numbers.",
        remedy="We will remove the four extra lines and credit £312 for April to June.",
        resolution=(
            "Four test lines from the migration were never removed. They were ceased and £312 "
            "credited to the account."
        ),
    ),
    Situation(
        category="delivery-late",
        department="delivery",
        severity="low",
        channel="chat",
        customers=(("Lucy Turner", "lucy.turner@example.org", "+44 7700 900217"),),
        subject="Birthday present arrived a week late",
        description=(
            "I paid £6.99 for next-day delivery so my son's present would arrive for his "
            "birthday. It came a week later. I would at least like the delivery charge back."
        ),
        remedy_sought=("refund",),
        claimed="6.99 GBP",
        reference="ORD-5599310",
        question="Could you confirm the date the order was placed?",
        answer="I ordered on the 9th before noon.",
        remedy="We will refund the £6.99 delivery charge.",
        resolution="The order missed the courier collection. The delivery charge was refunded.",
    ),
    Situation(
        category="service-attitude-rude",
        department="customer-service",
        severity="medium",
        channel="in_person",
        customers=(("Ahmed Karim", "ahmed.karim@example.com", "+44 7700 900639"),),
        subject="Treated with suspicion in the store",
        description=(
            "I went to the high street store to return a faulty phone. The assistant accused me "
            "of breaking it myself, refused to look at it, and said loudly in front of other "
            "customers that I was 'trying it on'. I have my receipt."
        ),
        remedy_sought=("apology", "replacement"),
        location="Manchester Arndale store",
        question="Which day and time did you visit the store?",
        answer="Saturday around 2pm.",
        remedy="The store manager will apologise and replace the phone on the spot.",
        resolution=(
            "The store manager apologised in person and replaced the phone. The assistant has "
            "had refresher training on returns."
        ),
    ),
    Situation(
        category="equipment-faulty",
        department="technical-support",
        severity="low",
        channel="email",
        customers=(("Ruth Hamilton", "ruth.hamilton@example.net", "+44 7700 900504"),),
        subject="Remote control stopped working",
        description=(
            "The remote for my TV box has stopped working. I have changed the batteries twice. "
            "It is just over a year old. I cannot use the box without it."
        ),
        remedy_sought=("replacement",),
        question="Does the red light on the remote flash when you press a button?",
        answer="No, nothing lights up at all.",
        remedy="We will post you a new remote free of charge.",
        resolution="A new remote was posted. Remotes are replaced free for the life of the box.",
        outcome="not_upheld",
        nature="help_seeking",
    ),
    Situation(
        category="billing-double-charge",
        department="billing",
        severity="low",
        channel="web",
        customers=(("Kevin Moore", "kevin.moore@example.com", "+1 202-555-0162"),),
        subject="Paid by card and direct debit in the same month",
        description=(
            "I paid my bill by card when the direct debit failed, then the direct debit went "
            "through a week later anyway. I have paid twice for June."
        ),
        remedy_sought=("refund",),
        claimed="42.00 USD",
        question="Would you prefer the money back or a credit on your next bill?",
        answer="Back to my card, please.",
        remedy="We will refund $42 to your card.",
        resolution="The direct debit retry ran after the manual payment. $42 was refunded.",
    ),
    Situation(
        category="other",
        department="customer-service",
        severity="low",
        channel="email",
        customers=(("Alan Fletcher", "alan.fletcher@example.org", "+44 7700 900120"),),
        subject="Too many marketing calls",
        description=(
            "I have asked three times not to be called with offers. I still get calls most "
            "weeks, sometimes at dinner time. Please remove me from every marketing list."
        ),
        remedy_sought=("apology",),
        question="Which phone number are you being called on?",
        answer="My landline ending 4471.",
        remedy="We will remove you from all marketing lists and confirm in writing.",
        resolution=(
            "An old preference record overrode your choice. All marketing has been switched "
            "off and the preference fixed."
        ),
    ),
    Situation(
        category="safety-hazard",
        department="quality",
        severity="critical",
        channel="phone",
        customers=(
            ("Sarah Mitchell", "sarah.mitchell@example.com", "+44 7700 900848"),
            ("Brian Doherty", "brian.doherty@example.net", "+353 85 010 4418"),
        ),
        subject="Phone charger melted and smelled of burning",
        description=(
            "The charger supplied with my phone got extremely hot overnight and the plastic "
            "has melted around the pins. There was a burning smell in the bedroom. I have "
            "unplugged it and kept it."
        ),
        remedy_sought=("replacement", "explanation"),
        reference="CHG-25W",
        question=(
            "Please do not use the charger. Could you send us a photo and keep it for collection?"
        ),
        answer="Photo sent. It is in a box in the garage.",
        remedy="We will collect the charger for testing and send a new certified charger today.",
        resolution=(
            "Testing found a faulty batch of chargers from one supplier. A safety notice was "
            "issued and all chargers from the batch are being recalled."
        ),
    ),
    Situation(
        category="contract-mis-selling",
        department="customer-service",
        severity="medium",
        channel="chat",
        customers=(("Jessica Hall", "jessica.hall@example.net", "+44 7700 900377"),),
        subject="Told the upgrade was free, now paying £15 more",
        description=(
            "The chat agent told me the upgrade to the faster package was free for existing "
            "customers. My bill is now £15 a month higher. I have the chat transcript."
        ),
        remedy_sought=("refund",),
        claimed="45.00 GBP",
        question="Could you send us the chat transcript?",
        answer="Transcript attached, see the second page.",
        remedy="We will honour the free upgrade and refund the £45 charged so far.",
        resolution=(
            "The transcript confirmed the promise. The upgrade was made free and £45 refunded."
        ),
    ),
    Situation(
        category="delivery-damaged",
        department="delivery",
        severity="low",
        channel="web",
        customers=(("Benjamin Clarke", "ben.clarke@example.com", "+44 7700 900592"),),
        subject="Box left in the rain, contents soaked",
        description=(
            "The driver left my parcel on the doorstep in heavy rain, although I was at home. "
            "The box of printer paper inside is soaked and unusable."
        ),
        remedy_sought=("replacement",),
        claimed="24.99 GBP",
        reference="ORD-5620041",
        question="Could you send a photo of the parcel as you found it?",
        answer="Photo attached.",
        remedy="We will send replacement paper at no charge.",
        resolution="The driver did not knock as required. The paper was replaced.",
    ),
    Situation(
        category="repair-missed-visit",
        department="technical-support",
        severity="low",
        channel="phone",
        customers=(("Irene Fraser", "", "+44 7700 900288"),),
        subject="Repair visit cancelled by text the evening before",
        description=(
            "I had arranged for my daughter to be with me for the repair visit. At 9pm the "
            "night before I got a text cancelling it with no new date."
        ),
        remedy_sought=("apology", "repair"),
        question="Which mornings would suit you and your daughter next week?",
        answer="Tuesday or Friday morning.",
        remedy="We have booked Friday morning and will call you the day before to confirm.",
        resolution="The repair was completed on Friday. The cancellation was caused by sickness.",
        outcome="partially_upheld",
    ),
    Situation(
        category="billing-refund",
        department="billing",
        severity="low",
        channel="email",
        customers=(("Matthew Evans", "matthew.evans@example.org", "+44 7700 900441"),),
        subject="Credit balance not paid back after leaving",
        description=(
            "I left you in March and my final bill showed a credit of £23.60 owed to me. "
            "I have asked twice for it to be paid. Nothing."
        ),
        remedy_sought=("refund",),
        claimed="23.60 GBP",
        question="Could you give us the bank account the refund should go to?",
        answer="Sort code and account number sent in a separate message.",
        remedy="We will pay the £23.60 credit into your bank account.",
        resolution="Closed accounts with a credit were not being refunded automatically. Paid.",
    ),
    Situation(
        category="service-quality-waiting",
        department="customer-service",
        severity="low",
        channel="chat",
        customers=(("Zoe Robinson", "zoe.robinson@example.com", "+44 7700 900713"),),
        subject="Chat closed after 40 minutes in the queue",
        description=(
            "I waited 40 minutes in the chat queue and the window closed itself with 'session "
            "expired'. I had to start again from the back of the queue."
        ),
        remedy_sought=("explanation",),
        question="Which browser were you using?",
        answer="Safari on an iPhone.",
        remedy="We will explain what happened and answer your original question now.",
        resolution="A timeout on mobile browsers dropped long chats; the timeout was raised.",
        outcome="partially_upheld",
        nature="venting",
    ),
    Situation(
        category="product-quality-defect",
        department="quality",
        severity="medium",
        channel="web",
        customers=(
            ("Daniel Foster", "daniel.foster@example.net", "+44 7700 900822"),
            ("Megan Collins", "megan.collins@example.com", "+44 7700 900935"),
        ),
        subject="Headphone battery swelled",
        description=(
            "The right ear cup of my wireless headphones has bulged and the case has split. "
            "I think the battery is swelling. I have stopped charging them."
        ),
        remedy_sought=("refund",),
        claimed="99.00 GBP",
        reference="HP-ANC300",
        question="Please keep the headphones away from heat. Can you send a photo of the ear cup?",
        answer="Photo sent. They are in a metal tin outside.",
        remedy="We will collect the headphones safely and refund them in full.",
        resolution=(
            "Two reports of swelling on the same batch: the batch was quarantined and refunded."
        ),
    ),
    Situation(
        category="equipment-installation",
        department="technical-support",
        severity="medium",
        channel="web",
        customers=(("Rachel Green", "rachel.green@example.org", "+44 7700 900604"),),
        subject="Smart meter installed but not sending readings",
        description=(
            "Since the smart meter was installed two months ago I have received estimated bills "
            "every month. The in-home display says 'no connection'."
        ),
        remedy_sought=("repair", "explanation"),
        question="Could you send us a photo of the meter with the reading visible?",
        answer="Photo attached, reading 04512.",
        remedy="An engineer will reconnect the meter; we will rebill from your actual reading.",
        resolution=(
            "The communications hub was never paired. It was paired and the bills corrected."
        ),
    ),
    Situation(
        category="contract-cancellation",
        department="customer-service",
        severity="low",
        channel="email",
        customers=(("Joshua Baker", "joshua.baker@example.com", "+1 202-555-0108"),),
        subject="Charged an exit fee within the cooling-off period",
        description=(
            "I cancelled within 10 days of signing up, which is inside the 14-day cooling-off "
            "period. I have still been charged a $60 early termination fee."
        ),
        remedy_sought=("refund",),
        claimed="60.00 USD",
        question="Could you confirm the date you asked to cancel?",
        answer="The 11th, by e-mail, ten days after signing.",
        remedy="We will refund the $60 fee.",
        resolution="The cancellation was inside the cooling-off period. The fee was refunded.",
    ),
    Situation(
        category="delivery-lost",
        department="delivery",
        severity="medium",
        channel="phone",
        customers=(("Stephen Ward", "stephen.ward@example.net", "+44 7700 900157"),),
        subject="Replacement parcel lost as well",
        description=(
            "This is the second time. My original order was lost and now the replacement has "
            "been stuck at the depot for nine days. I need this laptop for university."
        ),
        remedy_sought=("refund",),
        claimed="549.00 GBP",
        reference="ORD-5608822",
        question=(
            "Would you like a refund, or should we try a third delivery by a different courier?"
        ),
        answer="Just a refund now please, I bought one elsewhere.",
        remedy="We will refund £549 in full today.",
        resolution="The parcel was mislabelled at the depot. £549 was refunded.",
    ),
    Situation(
        category="billing-wrong-amount",
        department="billing",
        severity="medium",
        channel="letter",
        customers=(("Eileen Roberts", "", "+44 7700 900066"),),
        subject="Paper bill charge added without asking",
        description=(
            "I do not use a computer and have always had paper bills. Now you charge me £2.50 "
            "a month for them. I was never asked."
        ),
        remedy_sought=("refund",),
        claimed="15.00 GBP",
        question="May we confirm your account number by telephone?",
        answer="Yes, please call in the mornings.",
        remedy="We will waive the paper bill charge permanently and refund £15.",
        resolution=(
            "Customers over 75 are exempt from the charge but the exemption was not applied. "
            "It was applied and £15 refunded."
        ),
    ),
    Situation(
        category="service-attitude-promises",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("Chloe Martin", "chloe.martin@example.com", "+44 7700 900369"),),
        subject="Promised discount not applied",
        description=(
            "When I renewed, the agent promised a 20% loyalty discount for 12 months. "
            "My new bill shows the full price."
        ),
        remedy_sought=("refund",),
        claimed="9.60 GBP",
        question="Do you remember roughly when you renewed, so we can find the call?",
        answer="Early last month, around the 3rd.",
        remedy="We will apply the 20% discount and refund the difference so far.",
        resolution="The call confirmed the offer. The discount was applied and £9.60 refunded.",
    ),
    Situation(
        category="other",
        department="customer-service",
        severity="low",
        channel="web",
        customers=(("Peter Lawson", "peter.lawson@example.org", "+44 7700 900777"),),
        subject="Website will not accept my postcode",
        description=(
            "Your order form says my postcode is invalid. It is a new-build street. I have "
            "tried three times and cannot place an order."
        ),
        question="Could you tell us the full postcode?",
        answer="It is BS16 7QX.",
        remedy="We will place the order for you by phone and add your postcode to our lookup.",
        resolution="New postcodes were missing from our address file; it has been updated.",
        outcome="not_upheld",
        nature="help_seeking",
    ),
    Situation(
        category="service-quality-outage",
        department="technical-support",
        severity="medium",
        channel="email",
        customers=(
            ("Andrew Kelly", "andrew.kelly@example.net", "+353 85 010 9931"),
            ("Siobhan Byrne", "siobhan.byrne@example.com", "+353 87 010 3321"),
        ),
        subject="Mobile signal gone at home since mast work",
        description=(
            "Since the work on the mast near our estate, I have had no mobile signal indoors. "
            "I cannot make calls from home at all."
        ),
        remedy_sought=("repair", "compensation"),
        location="Galway",
        question="Could you share your Eircode so we can check coverage at your address?",
        answer="H91 X2K7.",
        remedy="We will send you a free signal booster while the mast is reconfigured.",
        resolution="The mast was reconfigured and indoor coverage restored; a booster was sent.",
    ),
    Situation(
        category="product-quality-not-as-described",
        department="quality",
        severity="low",
        channel="chat",
        customers=(("Grace Turner", "grace.turner@example.com", "+44 7700 900820"),),
        subject="Refurbished phone has a scratched screen",
        description=(
            "I bought an 'excellent condition' refurbished phone. The screen has two deep "
            "scratches and the battery health is 71%."
        ),
        remedy_sought=("replacement", "refund"),
        claimed="289.00 GBP",
        reference="REF-IP13-118",
        question="Could you send photos of the scratches and the battery health screen?",
        answer="Photos attached.",
        remedy="We will exchange the phone for one in excellent condition, checked by hand.",
        resolution="The phone was graded wrongly. It was exchanged and the grader retrained.",
    ),
]

ENGLISH = Language("en", PHRASES, SITUATIONS)
