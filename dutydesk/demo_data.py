"""The invented people, places and calls that `dutydesk.demo` builds a test day from.

Everything here is fiction: no child, family, worker, school or service is real. Phone
numbers are from Ofcom's ranges kept for drama (01632 960xxx, 07700 900xxx).

Scenario text may use {first} (the eldest child's first name), {he} {him} {his} {He}
{His} (that child's pronouns) and {school} (that child's school or setting).
"""

from __future__ import annotations

from dataclasses import dataclass

UNBORN = -1  # an age in `Scenario.ages`: a pre-birth referral
UNDER_ONE = 0  # an age in `Scenario.ages`: a baby of some months

# (what, owner agency or 'referrer'/'other', need code, working days on, hour due)
ActionText = tuple[str, str, str, int, int]


@dataclass(frozen=True)
class Scenario:
    key: str
    urgency: str
    ages: tuple[int, ...]  # eldest first
    referrer: str  # a key of REFERRERS
    seen: str
    told: str
    wants: str  # what the referrer thinks the child needs
    needs: tuple[str, ...]  # vocab.NEEDS codes
    knows: str  # does the family know about the call (vocab.KNOWS)
    consent: str  # did they agree to it (vocab.KNOWS)
    decisions: tuple[tuple[str, str], ...]  # (outcome code, reasons), likeliest first
    views: tuple[tuple[str, str, str], ...]  # (agency, what it knows, what it thinks is needed)
    actions: tuple[ActionText, ...]
    amend: tuple[str, str, str] | None = None  # (first outcome, its reasons, why changed)
    dob_known: bool = True  # False: the referrer only knew a first name and rough age


@dataclass(frozen=True)
class Referrer:
    orgs: tuple[str, ...]  # () means the child's own school or setting
    roles: tuple[str, ...]
    relationship: str
    family: bool = False  # a parent: shares the child's surname
    sex: str = ""  # "f" or "m" when the relationship says (mother, father, grandmother)


REFERRERS: dict[str, Referrer] = {
    "school": Referrer(
        (), ("Designated safeguarding lead", "Deputy safeguarding lead", "Head of year"), "School"
    ),
    "nursery": Referrer((), ("Nursery manager", "Key person"), "Nursery"),
    "gp": Referrer(
        ("Brookside Medical Practice", "Fenwick Lane Surgery", "Quarrybank Health Centre"),
        ("GP", "GP partner"),
        "Family's GP",
    ),
    "health_visitor": Referrer(
        ("0-19 Health Visiting Team (Eastmoor)", "0-19 Health Visiting Team (Millbeck)"),
        ("Health visitor",),
        "Health visitor for the baby",
    ),
    "midwife": Referrer(
        ("Ashcombe Maternity Unit",), ("Community midwife", "Specialist midwife"), "Mum's midwife"
    ),
    "hospital": Referrer(
        ("Wrenfield General Hospital, Emergency Department",),
        ("Paediatric liaison nurse", "Paediatric registrar"),
        "Treating hospital",
    ),
    "paediatrics": Referrer(
        ("Wrenfield Child Development Centre",),
        ("Community paediatrician", "Clinical nurse specialist"),
        "Treating clinician",
    ),
    "police": Referrer(
        ("Police: Eastmoor Response Team", "Police: Public Protection Unit"),
        ("Police constable", "Detective sergeant"),
        "Attending officer",
    ),
    "housing": Referrer(
        ("Ashdown Housing Trust", "Greyfield Homes"),
        ("Housing officer", "Tenancy sustainment officer"),
        "Family's landlord",
    ),
    "probation": Referrer(
        ("Probation Service, Millbeck office",),
        ("Probation officer",),
        "Supervises an adult in the household",
    ),
    "mum": Referrer(("",), ("Parent",), "Mother", family=True, sex="f"),
    "dad": Referrer(("",), ("Parent",), "Father", family=True, sex="m"),
    "grandmother": Referrer(("",), ("Relative",), "Maternal grandmother", sex="f"),
    "neighbour": Referrer(("",), ("Member of the public",), "Neighbour"),
}

GIRLS = (
    "Amara", "Zofia", "Leah", "Priya", "Maisie", "Nia", "Hana", "Esme", "Ifeoma", "Ruby",
    "Aaliyah", "Freya", "Oksana", "Imani", "Kezia", "Layla", "Sienna", "Mei", "Roisin", "Tegan",
)  # fmt: skip
BOYS = (
    "Tomasz", "Kai", "Yusuf", "Reuben", "Dev", "Callum", "Idris", "Jayden", "Mateo", "Oisin",
    "Kwame", "Alfie", "Rhys", "Bilal", "Harvey", "Emeka", "Luca", "Theo", "Arjun", "Finlay",
)  # fmt: skip
SURNAMES = (
    "Okonkwo-Reid", "Brannigan", "Walczak", "Farouk", "Pennick", "Achterberg", "Mistry",
    "Calloway", "Haddad", "Nwosu", "Thistlewood", "Duarte", "Kowalczyk", "Begum", "Lindqvist",
    "Ferreira-Hale", "Oyelaran", "Marchetti", "Quigley", "Sandhu", "Ashworth", "Demir",
    "Holloway", "Petrescu", "Mahmoud", "Treloar", "Kaminski", "Obi-Watts",
)  # fmt: skip
ADULT_WOMEN = (
    "Sarah", "Yasmin", "Gemma", "Agnieszka", "Nkechi", "Fiona", "Lorraine", "Shona",
    "Bernadette", "Hafsa", "Kirsty", "Joy",
)  # fmt: skip
ADULT_MEN = (
    "Ravi", "Tom", "Paul", "Declan", "Hamza", "Marek", "Vikram", "Colin", "Segun", "Ewan",
    "Stuart", "Jamal",
)  # fmt: skip
ADULT_SURNAMES = (
    "Pemberton", "Chandran", "Lowther", "Adeyinka", "Frostick", "Mallory", "Osei-Bonsu",
    "Kaczmarek", "Doyle", "Rahim", "Whitaker", "Nakagawa", "Eze", "Fairbairn", "Greaves",
)  # fmt: skip

# Schools and settings by age (years): nursery, primary, secondary, sixth form.
SETTINGS: tuple[tuple[int, int, tuple[str, ...]], ...] = (
    (2, 3, ("Little Acorns Nursery", "Sunflower Day Nursery", "Kestrel Way Nursery")),
    (4, 10, ("Larkfield Primary", "St Aldwyn's CE Primary", "Cobbold Road Primary")),
    (11, 15, ("Hollins Academy", "Northgate Academy", "Brackenridge High School")),
    (16, 17, ("Riverside Sixth Form College", "Eastmoor College")),
)

# The duty team: people each agency might send to the room, (name, role).
ROSTER: dict[str, tuple[tuple[str, str], ...]] = {
    "health": (
        ("Priya Ramanathan", "Health visitor"),
        ("Joanne Whitcombe", "Named nurse for safeguarding"),
    ),
    "police": (
        ("Liam Ferris", "Detective Constable"),
        ("Aisha Rahman-Cole", "Detective Sergeant"),
    ),
    "education": (
        ("Helen Okafor", "Education safeguarding adviser"),
        ("Simon Treharne", "Education safeguarding adviser"),
    ),
    "probation": (
        ("Mark Delacey", "Senior probation officer"),
        ("Bethan Colley", "Probation officer"),
    ),
    "social_work": (
        ("Farah Qureshi", "Advanced practitioner"),
        ("Owen Kettering", "Advanced practitioner"),
    ),
    "early_help": (
        ("Claire Dunmore", "Early help coordinator"),
        ("Kofi Mensah-Ward", "Early help coordinator"),
    ),
    "mash": (
        ("Lucy Brennock", "MASH officer"),
        ("Daniel Okoro", "MASH officer"),
    ),
}

# Workers outside the room who take on actions ('other' owner), by the need they meet.
OTHER_OWNERS: dict[str, str] = {
    "housing": "Marcus Whitlow (Housing Options)",
    "young_carer": "Anita Sorensen (Young Carers Service)",
    "domestic_abuse": "Jade Mulholland (young people's domestic abuse service)",
    "missing": "Ben Adjei (return home interviews)",
    "mental_health": "Ruth Calder (CAMHS)",
    "exploitation": "Tariq Lowell (exploitation team)",
    "send": "Gwen Ostrowski (short breaks team)",
}
OTHER_OWNER = "Duty worker (partner service)"

# Education's view of a child not yet at school.
PRESCHOOL_VIEW = ("Not of school age; nothing known to the early years team.", "")

# What each agency says when the scenario gives it nothing particular to add.
GENERIC_VIEWS: dict[str, tuple[tuple[str, str], ...]] = {
    "health": (
        (
            "Health records checked: immunisations up to date, last GP contact in the spring "
            "for a minor illness. No safeguarding flags.",
            "Nothing further from health; the GP will be told the outcome.",
        ),
        (
            "Registered with a local GP practice. Two missed dental appointments, otherwise no "
            "concerns recorded.",
            "School nurse can offer a health check if the family wants one.",
        ),
    ),
    "police": (
        ("No police records for the child or the adults at the address.", ""),
        (
            "One call to the address in 2025 about a loud argument; officers found no offences "
            "and the children were asleep.",
            "Nothing further from police unless something new comes in.",
        ),
    ),
    "education": (
        (
            "Attendance 95% this year; no safeguarding logs at school.",
            "School will keep an eye and share anything new.",
        ),
        (
            "Attendance 88%, mostly late marks this term. Settled in class and doing well.",
            "School can offer a breakfast club place.",
        ),
    ),
    "probation": (
        ("No one at the address is known to probation.", ""),
        (
            "Dad completed a community order in 2023; no current involvement and no risk "
            "concerns recorded.",
            "",
        ),
    ),
    "social_work": (
        ("Not known to children's social care; no previous contacts.", ""),
        ("One previous contact in 2024 (advice given to school), closed the same week.", ""),
    ),
    "early_help": (
        (
            "Not known to early help.",
            "Family hub can offer a key worker within two weeks if the family wants one.",
        ),
        ("Family completed a family hub parenting course in 2024.", ""),
    ),
    "mash": (
        ("MASH checks done across social care, police and health systems; nothing to add.", ""),
        (
            "MASH checks: the family moved here in 2025; records requested from their "
            "previous council.",
            "",
        ),
    ),
}

SCENARIOS: tuple[Scenario, ...] = (
    # -- immediate ------------------------------------------------------------------------
    Scenario(
        key="baby bruise",
        urgency="immediate",
        ages=(UNDER_ONE,),
        referrer="health_visitor",
        seen="At a home visit this morning there was a bruise about 2cm across on {first}'s "
        "cheek. {first} is not yet rolling or crawling.",
        told="Mum said {first} knocked against the cot bars; dad said {he} was fine when he "
        "left for work. The accounts did not match.",
        wants="A same-day child protection medical and a joined-up look at the family's history.",
        needs=("physical_abuse", "parenting"),
        knows="yes",
        consent="unknown",
        decisions=(
            (
                "strategy",
                "A bruise on a baby who is not mobile, with differing accounts, needs a strategy "
                "discussion today and a child protection medical. Mum's low mood and the "
                "parents' need for support with a new baby to be looked at within the enquiry.",
            ),
        ),
        views=(
            (
                "health",
                "Born at 38 weeks, all checks normal. Four health visitor contacts; mum had low "
                "mood after the birth and is due a GP review.",
                "Child protection medical at the paediatric assessment unit today.",
            ),
            (
                "police",
                "No records for either parent. A neighbour reported shouting at the address in "
                "2025; no offences identified.",
                "Police to join the strategy discussion.",
            ),
            (
                "social_work",
                "Not known to children's social care.",
                "Strategy discussion by early afternoon; section 47 enquiry likely.",
            ),
        ),
        actions=(
            (
                "Convene a strategy discussion with police and health",
                "social_work",
                "physical_abuse",
                0,
                14,
            ),
            ("Arrange the child protection medical", "health", "physical_abuse", 0, 15),
            (
                "Tell the health visitor the outcome and agree who visits next",
                "mash",
                "parenting",
                0,
                16,
            ),
        ),
    ),
    Scenario(
        key="told teacher",
        urgency="immediate",
        ages=(9,),
        referrer="school",
        seen="{first} came into school with a red mark on {his} upper arm and flinched when a "
        "teaching assistant touched {his} shoulder.",
        told="{first} told {his} teacher that mum's boyfriend grabbed {him} last night when "
        "{he} would not go to bed, and that {he} does not want to go home today.",
        wants="For {first} to be safe tonight and for someone to speak to mum.",
        needs=("physical_abuse", "domestic_abuse"),
        knows="no",
        consent="no",
        decisions=(
            (
                "strategy",
                "{first} has told school an adult at home hurt {him} and is frightened to go "
                "home. Strategy discussion today with police and school, and a plan for where "
                "{first} sleeps tonight. Mum's own safety to be asked about.",
            ),
            (
                "assessment",
                "{first}'s account and the mark need a social care assessment starting today; "
                "police checks show no current risk order but a history with a past partner.",
            ),
        ),
        views=(
            (
                "education",
                "Attendance 91%. Two logs this term about {first} seeming tired and withdrawn; "
                "the safeguarding lead spoke to mum in October.",
                "School can keep {first} until 17:00 and will join the strategy discussion.",
            ),
            (
                "police",
                "Mum's boyfriend has a domestic incident with a previous partner in 2024; no "
                "incidents at this address.",
                "Joint visit with social work after school.",
            ),
            (
                "probation",
                "Mum's boyfriend was supervised until March 2025 for an assault; completed a "
                "programme, no further concerns recorded.",
                "Probation will share its risk assessment with the strategy discussion.",
            ),
        ),
        actions=(
            ("Strategy discussion with police and school", "social_work", "physical_abuse", 0, 13),
            (
                "Share the probation risk assessment on mum's boyfriend",
                "probation",
                "domestic_abuse",
                0,
                13,
            ),
            (
                "Keep {first} in school until social work and police arrive",
                "education",
                "physical_abuse",
                0,
                15,
            ),
        ),
    ),
    Scenario(
        key="found with older men",
        urgency="immediate",
        ages=(14,),
        referrer="police",
        seen="{first} was reported missing by dad at 02:00 and found at 07:30 in a flat across "
        "town with two older men. {He} had a new phone and about £200 in cash.",
        told="{first} would not say how {he} got there. Dad says {first} has gone missing most "
        "weekends since the summer.",
        wants="An exploitation risk assessment and a safety plan before {first} next goes out.",
        needs=("exploitation", "missing"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "strategy",
                "Signs of criminal exploitation: older men, cash, a new phone, going missing "
                "again and again. Strategy discussion today to share what each agency knows and "
                "agree a safety plan; dad is protective and wants help.",
            ),
        ),
        views=(
            (
                "police",
                "Third missing episode since August. The flat is linked to drug supply "
                "intelligence.",
                "Strategy discussion; police will look at disrupting the address.",
            ),
            (
                "education",
                "At {school}: attendance down from 94% to 71% this term; two suspensions.",
                "School will join and can say who {first} spends time with.",
            ),
            (
                "early_help",
                "Family had a key worker in 2024 for parenting a teenager; closed when dad "
                "moved jobs.",
                "Parent support group for dad once the safety plan is in place.",
            ),
        ),
        actions=(
            ("Return home interview with {first}", "other", "missing", 2, 17),
            (
                "Strategy discussion including the exploitation lead",
                "social_work",
                "exploitation",
                0,
                15,
            ),
            ("Share who {first} spends time with at school", "education", "exploitation", 1, 12),
        ),
    ),
    Scenario(
        key="domestic incident",
        urgency="immediate",
        ages=(6, 3),
        referrer="police",
        seen="Police attended a domestic incident at 23:40; mum had a cut lip and both children "
        "were awake in the next room. Dad was arrested.",
        told="{first} told the officer that daddy shouts a lot and that {he} hides under the bed "
        "when it happens.",
        wants="Support for mum and the children; the officer is worried about when dad is "
        "released.",
        needs=("domestic_abuse", "mental_health"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "assessment",
                "Children present at an assault on mum, and {first} describes a pattern. A "
                "social care assessment to understand the children's experience and mum's "
                "safety, with the domestic abuse service contacting mum today.",
            ),
            (
                "strategy",
                "High-risk domestic abuse with young children in the home and dad due for "
                "release: strategy discussion today with police on bail conditions.",
            ),
        ),
        views=(
            (
                "police",
                "Risk assessment scored high. Two earlier incidents at the address in 2025, no "
                "charges. Dad likely to be released on bail today.",
                "Bail condition not to contact mum; refer to MARAC.",
            ),
            (
                "health",
                "GP records mum's anxiety, on medication since 2025. Youngest up to date with "
                "checks.",
                "GP to be told; health visitor to offer a contact.",
            ),
            (
                "education",
                "At {school}: good attendance; teacher has seen {first} jumpy and tearful this "
                "month.",
                "Learning mentor time for {first}.",
            ),
        ),
        actions=(
            ("Refer mum to the domestic abuse service", "police", "domestic_abuse", 0, 16),
            ("Tell school so they can support {first}", "education", "domestic_abuse", 1, 9),
            ("Add the family to the next MARAC list", "police", "domestic_abuse", 3, 12),
        ),
    ),
    Scenario(
        key="late fracture",
        urgency="immediate",
        ages=(2,),
        referrer="hospital",
        seen="{first} was brought in with a broken forearm; the X-ray suggests the break is "
        "several days old.",
        told="Dad said {first} fell off the sofa on Monday and they came in because the arm "
        "was still swollen. Mum gave a different day for the fall.",
        wants="A child protection medical and checks on the older sibling.",
        needs=("physical_abuse", "neglect"),
        knows="yes",
        consent="unknown",
        decisions=(
            (
                "strategy",
                "An injury in a toddler with a delay in seeking help and differing accounts. "
                "Strategy discussion today with the hospital paediatrician; the older sibling "
                "to be seen too.",
            ),
        ),
        views=(
            (
                "health",
                "Admitted for a skeletal survey. Two earlier emergency visits this year (a small "
                "burn and a head bump), both explained at the time.",
                "Keep {first} on the ward until the strategy discussion.",
            ),
            ("police", "No records for either parent.", "Police to join the strategy discussion."),
            (
                "early_help",
                "Older sibling comes to stay-and-play at the family hub; no concerns noted.",
                "",
            ),
        ),
        actions=(
            (
                "Strategy discussion with the paediatrician and police",
                "social_work",
                "physical_abuse",
                0,
                14,
            ),
            ("See the older sibling at school today", "social_work", "physical_abuse", 0, 16),
        ),
    ),
    Scenario(
        key="home alone",
        urgency="immediate",
        ages=(7, 4),
        referrer="police",
        seen="Officers found {first} and a younger sibling alone in the flat at 22:00 after a "
        "neighbour heard crying. The flat was cold and there was little food.",
        told="Mum came home at 23:15 and said she had gone to help a friend. She was tearful "
        "and said she has no one to mind the children.",
        wants="Someone to check the children are safe today and help for mum.",
        needs=("neglect", "parenting", "housing"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "assessment",
                "Young children left alone at night with little food or heat. Social care "
                "assessment to understand mum's circumstances and the children's basic care; "
                "no injury or sign of deliberate harm, so not a strategy discussion.",
            ),
        ),
        views=(
            ("police", "First call to the address. Children well when mum returned.", ""),
            (
                "education",
                "At {school}: {first} often arrives without a coat or breakfast; attendance 90%.",
                "Breakfast club place and uniform help.",
            ),
            (
                "early_help",
                "Mum asked the family hub about childcare in September and did not return.",
                "Family worker alongside the assessment.",
            ),
        ),
        actions=(
            ("Home visit today to see the children and mum", "social_work", "neglect", 0, 17),
            ("Breakfast club place for {first}", "education", "neglect", 1, 9),
        ),
    ),
    # -- today ----------------------------------------------------------------------------
    Scenario(
        key="hungry",
        urgency="today",
        ages=(7,),
        referrer="school",
        seen="{first} has arrived hungry most mornings this half term and has worn the same "
        "uniform all week. Today {he} took food from other children's lunchboxes.",
        told="{first} said there was no food at home and that mum is sad and stays in bed.",
        wants="Help for mum and practical help with food; school thinks mum is struggling, not "
        "that she does not care.",
        needs=("neglect", "mental_health", "housing"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "early_help",
                "Needs are around food, mum's low mood and basic care. Mum agrees to help; an "
                "early help family worker is best placed, with the GP for mum's mood. Come back "
                "to us if {first}'s care does not improve within four weeks.",
            ),
        ),
        views=(
            (
                "health",
                "Mum seen twice this year by the GP for depression; missed her last review.",
                "GP to offer mum an appointment this week.",
            ),
            (
                "early_help",
                "Not known. The family hub has food bank vouchers and a worker free this week.",
                "Family worker, starting with food and money.",
            ),
        ),
        actions=(
            ("Food bank voucher and a holiday activities place", "early_help", "housing", 0, 16),
            (
                "Joint visit to mum with the school safeguarding lead",
                "early_help",
                "neglect",
                2,
                17,
            ),
            ("GP appointment for mum's mood", "health", "mental_health", 3, 17),
        ),
        amend=(
            "advice",
            "Advice to school: signpost mum to the family hub and the GP.",
            "Mum rang school after the decision asking for more help than signposting; early "
            "help agreed to take it on.",
        ),
    ),
    Scenario(
        key="self-harm",
        urgency="today",
        ages=(15,),
        referrer="school",
        seen="{first}'s form tutor saw fresh cuts on {his} forearm in PE.",
        told="{first} said {he} has been cutting for a few months because of exam pressure and "
        "arguments at home, and does not want dad told.",
        wants="Quick CAMHS support, and advice on telling dad.",
        needs=("mental_health",),
        knows="no",
        consent="no",
        decisions=(
            (
                "partner",
                "Needs are about {first}'s mental health; no sign of harm from adults. CAMHS "
                "with school's pastoral team; school to tell dad with {first} today, as {first} "
                "agreed. School nurse to check in weekly.",
            ),
        ),
        views=(
            (
                "health",
                "School nurse saw {first} in September about headaches. No CAMHS history.",
                "CAMHS can assess today.",
            ),
            (
                "education",
                "Attendance 98%; dad comes to every parents' evening.",
                "Pastoral lead can meet {first} daily.",
            ),
            ("social_work", "Not known.", "Needs met by CAMHS and school, not social care."),
        ),
        actions=(
            ("CAMHS assessment for {first}", "other", "mental_health", 0, 16),
            ("Meet dad with {first} to agree a safety plan", "education", "mental_health", 1, 15),
        ),
    ),
    Scenario(
        key="pre-birth",
        urgency="today",
        ages=(UNBORN,),
        referrer="midwife",
        seen="At the 28-week check mum said she used cocaine most weekends and drank heavily "
        "until she found out she was pregnant.",
        told="Mum said she has cut down but her partner still uses at home. Her older child "
        "lives with the grandmother.",
        wants="A pre-birth assessment and drug and alcohol support for mum.",
        needs=("substance", "parenting"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "assessment",
                "Substance use in pregnancy, and an older child already living elsewhere: a "
                "pre-birth assessment so a plan is in place well before the birth. Mum agrees; "
                "the drug and alcohol service to start alongside.",
            ),
        ),
        views=(
            (
                "health",
                "Mum attends antenatal care; baby growing well.",
                "Specialist midwife for substance use to take over.",
            ),
            (
                "social_work",
                "Older child on a child in need plan in 2022, now living with the "
                "maternal grandmother under a special guardianship order.",
                "Pre-birth assessment by the Assessment Team.",
            ),
            (
                "probation",
                "Partner on a community order for possession; next appointment Thursday.",
                "Probation will raise the pregnancy at supervision.",
            ),
        ),
        actions=(
            ("Referral to the drug and alcohol service for mum", "health", "substance", 1, 17),
            (
                "Raise the pregnancy and drug use at partner's supervision",
                "probation",
                "substance",
                3,
                12,
            ),
        ),
    ),
    Scenario(
        key="eviction",
        urgency="today",
        ages=(11, 8, 4),
        referrer="housing",
        seen="The family (mum and three children) are due to be evicted on Friday for rent "
        "arrears. There is damp and mould in the children's bedroom.",
        told="Mum said she skips meals so the children can eat and that the youngest's asthma "
        "is worse.",
        wants="Emergency housing help and help with money.",
        needs=("housing", "physical_health"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "partner",
                "Needs are housing, money and the youngest's asthma; no concerns about mum's "
                "care of the children. Housing Options to take a homeless application today; "
                "welfare rights to check benefits. Early help offered if mum wants it.",
            ),
            (
                "early_help",
                "Several practical needs at once (housing, money, health): an early help key "
                "worker to pull them together, with Housing Options.",
            ),
        ),
        views=(
            (
                "early_help",
                "Not known. Welfare rights adviser at the family hub this week.",
                "Welfare rights appointment for mum.",
            ),
            (
                "health",
                "Youngest admitted twice this year with asthma; GP aware of the damp.",
                "GP letter to support the housing application.",
            ),
        ),
        actions=(
            (
                "Homeless application and temporary accommodation if needed",
                "other",
                "housing",
                1,
                12,
            ),
            ("GP letter about the damp and the asthma", "health", "physical_health", 2, 17),
            ("Welfare rights appointment for mum", "early_help", "housing", 3, 17),
        ),
    ),
    Scenario(
        key="fight, open case",
        urgency="today",
        ages=(12,),
        referrer="police",
        seen="Officers were called to a fight outside a shop; {first} was one of those involved "
        "and had a bloody nose.",
        told="{first} said older boys from another estate have been picking on {him} for weeks.",
        wants="For {first}'s social worker to know, and for someone to talk to {him} about "
        "staying safe.",
        needs=("crime", "exploitation"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "open_case",
                "{first} is open to the Children in Need team with an allocated social worker. "
                "Passed to her today with the police information about the older boys, to add "
                "to the current plan.",
            ),
        ),
        views=(
            (
                "social_work",
                "Open to the Children in Need team since June; allocated worker "
                "visits fortnightly.",
                "Pass to the allocated worker.",
            ),
            (
                "police",
                "{first} has no record. Two of the older boys are known for robbery.",
                "Neighbourhood officer to see {first} and mum.",
            ),
        ),
        actions=(
            (
                "Send the police report to the allocated social worker",
                "social_work",
                "exploitation",
                0,
                16,
            ),
            ("Neighbourhood officer to visit {first} and mum", "police", "crime", 3, 17),
        ),
    ),
    Scenario(
        key="dad in crisis",
        urgency="today",
        ages=(3,),
        referrer="gp",
        seen="Dad came to the surgery saying he could not cope and has had thoughts of ending "
        "his life. He has cared for {first} alone since mum left in the summer.",
        told="Dad said there is nobody to help and he is frightened of being on his own with "
        "{first} at night.",
        wants="Help for dad today and someone to check {first} is cared for.",
        needs=("mental_health", "parenting"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "partner",
                "Dad's mental health is the main need: the crisis team sees him today and "
                "grandma stays this week. {first} is at nursery daily and well cared for. Early "
                "help to offer support at home once dad has been seen.",
            ),
            (
                "assessment",
                "A lone carer in crisis with a three-year-old and no other adult: social care "
                "assessment alongside the crisis team.",
            ),
        ),
        views=(
            (
                "health",
                "Known to the GP for depression since 2023. Crisis team booked for 15:00.",
                "Crisis team follow-up.",
            ),
            (
                "early_help",
                "{first} is at {school} 30 hours a week; staff describe a happy, "
                "well-cared-for child.",
                "Home visit from an early help worker.",
            ),
        ),
        actions=(
            ("Crisis team assessment for dad", "health", "mental_health", 0, 16),
            ("Nursery to check in with dad at pick-up", "education", "parenting", 1, 17),
            ("Early help worker to offer a home visit", "early_help", "parenting", 4, 17),
        ),
    ),
    Scenario(
        key="online",
        urgency="today",
        ages=(13,),
        referrer="mum",
        seen="Mum found messages on {first}'s phone from an adult asking for photos and "
        "offering gift cards.",
        told="{first} said {he} met the person on a gaming site and had sent one picture.",
        wants="Police to find the adult, and help for {first} to understand the risks.",
        needs=("online", "sexual_abuse"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "strategy",
                "An adult has sought images of {first}: strategy discussion with police today. "
                "Mum has acted protectively; support for {first} rather than a wider look at "
                "home.",
            ),
            (
                "partner",
                "Police online abuse team to investigate; school to do online safety work with "
                "{first}; mum is protective and wants help.",
            ),
        ),
        views=(
            (
                "police",
                "Mum's report logged; the account is linked to two other reports.",
                "Online abuse team to seize and examine the phone.",
            ),
            (
                "education",
                "At {school}: no concerns; {first} is quiet but has friends.",
                "Online safety sessions with the school counsellor.",
            ),
        ),
        actions=(
            ("Collect {first}'s phone and take mum's statement", "police", "online", 0, 17),
            ("Online safety sessions with {first}", "education", "online", 5, 15),
        ),
    ),
    Scenario(
        key="controlling partner",
        urgency="today",
        ages=(16,),
        referrer="school",
        seen="{first}'s partner, who is 19, came to college angry and waited outside {his} class.",
        told="{first} told a tutor the partner checks {his} phone and tells {him} who {he} can "
        "see.",
        wants="Someone {first} can talk to about the relationship, and a safety plan at college.",
        needs=("domestic_abuse", "relationships"),
        knows="no",
        consent="yes",
        decisions=(
            (
                "partner",
                "Needs are about a controlling relationship: the young people's domestic abuse "
                "worker to see {first}, with a college safety plan. {first} wants help and home "
                "is safe.",
            ),
        ),
        views=(
            (
                "police",
                "The partner has a harassment caution from 2025 involving an ex.",
                "Consider a disclosure to {first} under the disclosure scheme.",
            ),
            (
                "education",
                "At {school}: good attendance; grades slipping this term.",
                "Safety plan at college, with the partner barred from site.",
            ),
        ),
        actions=(
            (
                "Young people's domestic abuse worker to meet {first}",
                "other",
                "domestic_abuse",
                2,
                17,
            ),
            ("College safety plan", "education", "domestic_abuse", 1, 12),
        ),
    ),
    Scenario(
        key="man on licence",
        urgency="today",
        ages=(9, 5),
        referrer="probation",
        seen="A man on licence for domestic abuse offences told his probation officer he now "
        "lives with a new partner and her two children.",
        told="He said the relationship is going well and that he has told her 'everything'. "
        "Probation cannot confirm this.",
        wants="Checks on the children and a disclosure to mum about his history.",
        needs=("domestic_abuse",),
        knows="no",
        consent="no",
        decisions=(
            (
                "assessment",
                "A man with a history of abuse of a previous partner now lives with the "
                "children; mum may not know. Social care assessment, with a police disclosure "
                "to mum planned jointly.",
            ),
        ),
        views=(
            (
                "probation",
                "Licence until 2027; high risk to a known adult.",
                "Licence conditions to be reviewed now he has moved in.",
            ),
            (
                "police",
                "Three convictions for assault on a former partner.",
                "Disclosure to mum under the disclosure scheme.",
            ),
            ("education", "At {school}: both children settled; no concerns.", ""),
        ),
        actions=(
            ("Disclosure visit to mum with police", "social_work", "domestic_abuse", 1, 16),
            ("Review licence conditions", "probation", "domestic_abuse", 2, 17),
        ),
    ),
    Scenario(
        key="new coat",
        urgency="today",
        ages=(15,),
        referrer="school",
        seen="{first} has new designer clothes, and was seen handing a package to a man in a "
        "car outside the school gates.",
        told="{first} told the head of year {he} has a job 'helping a mate' and got angry when "
        "asked more.",
        wants="A plan to keep {first} safe from exploitation and help to stay in school.",
        needs=("exploitation", "crime", "education"),
        knows="yes",
        consent="unknown",
        decisions=(
            (
                "partner",
                "Early signs of exploitation, with no missing episodes and engaged parents. "
                "Support from the exploitation team and youth justice prevention worker, with "
                "school. Review in a month.",
            ),
            (
                "assessment",
                "Signs of exploitation and a worried family: social care assessment with the "
                "exploitation team.",
            ),
        ),
        views=(
            (
                "police",
                "The car is linked to local drug supply.",
                "Intelligence report; neighbourhood team to know.",
            ),
            (
                "education",
                "At {school}: two detentions this month; attendance 89%.",
                "Mentor and a timetable change.",
            ),
            ("early_help", "Not known.", ""),
        ),
        actions=(
            ("Exploitation team to meet {first} and parents", "other", "exploitation", 3, 17),
            ("Mentor for {first}", "education", "education", 5, 15),
        ),
    ),
    Scenario(
        key="grandmother",
        urgency="today",
        ages=(10, 7),
        referrer="grandmother",
        seen="Grandmother visited at the weekend and found mum's new partner drunk at 11:00; "
        "empty cans all over the living room.",
        told="{first} told grandmother that the children stay in their room when he is "
        "drinking because he shouts.",
        wants="Someone to check on the children; grandmother can have them to stay.",
        needs=("substance", "domestic_abuse", "relationships"),
        knows="no",
        consent="no",
        decisions=(
            (
                "assessment",
                "The children describe fear of an adult who drinks heavily, and mum may not "
                "see it. Social care assessment; grandmother is a strength and can support.",
            ),
            (
                "early_help",
                "Concerns about a new partner's drinking; no sign of harm. Early help worker "
                "with mum, and grandmother's offer used.",
            ),
        ),
        views=(
            ("police", "The partner has a drink-driving conviction (2024).", ""),
            (
                "education",
                "At {school}: {first} has been quieter; attendance fine.",
                "School will talk to {first}.",
            ),
        ),
        actions=(
            ("Home visit to see the children and mum", "social_work", "substance", 1, 17),
            ("Tell grandmother the outcome", "mash", "relationships", 0, 17),
        ),
    ),
    # -- routine --------------------------------------------------------------------------
    Scenario(
        key="young carer",
        urgency="routine",
        ages=(12,),
        referrer="school",
        seen="{first} is often late and tired, and falls asleep in class.",
        told="{first} told {his} head of year that {he} looks after mum, who has multiple "
        "sclerosis, and a younger brother.",
        wants="A young carers assessment and some time for {first} to be a child.",
        needs=("young_carer", "education"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "partner",
                "Needs are as a young carer: the Young Carers Service to assess, and adult "
                "social care to review mum's care package. School to ease homework deadlines.",
            ),
        ),
        views=(
            (
                "health",
                "Mum's MS nurse notes she has declined more care at home.",
                "Adult social care review of mum's care.",
            ),
            ("early_help", "Not known.", "Young carers group on Tuesdays at the family hub."),
        ),
        actions=(
            ("Young carers assessment", "other", "young_carer", 5, 17),
            ("Ease homework deadlines and check in weekly", "education", "education", 2, 15),
        ),
        amend=(
            "advice",
            "Advice to school: signpost {first} and mum to the Young Carers Service.",
            "School said the family was signposted twice before; the Young Carers Service "
            "agreed to take a referral directly.",
        ),
    ),
    Scenario(
        key="attendance",
        urgency="routine",
        ages=(10,),
        referrer="school",
        seen="{first}'s attendance has fallen to 62%; {he} misses Mondays most.",
        told="Mum told the attendance officer that {first} has stomach aches every school "
        "morning and she is unwell herself.",
        wants="Support with attendance and with mum's health.",
        needs=("education", "mental_health"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "early_help",
                "Needs are around school attendance and mum's low mood; an early help family "
                "worker is best placed, with the school attendance team. No safeguarding "
                "concerns from any agency.",
            ),
            (
                "advice",
                "Advice to school: attendance support plan and signposting mum to her GP.",
            ),
        ),
        views=(
            (
                "education",
                "Attendance 62%, down from 93% last year. Happy when in school.",
                "Attendance support plan.",
            ),
            ("early_help", "Not known.", "Family worker for {first} and mum."),
        ),
        actions=(
            ("Family worker to meet mum", "early_help", "education", 3, 17),
            ("Attendance support plan meeting", "education", "education", 5, 10),
        ),
        amend=(
            "advice",
            "Advice to school: attendance plan and signposting to the GP.",
            "Early help found mum had asked the family hub for help last month; early help "
            "rather than advice.",
        ),
    ),
    Scenario(
        key="nursery care",
        urgency="routine",
        ages=(2,),
        referrer="nursery",
        seen="{first} often arrives in yesterday's clothes with untreated nappy rash.",
        told="Mum says she works nights and grandma does mornings, and that she is exhausted.",
        wants="Help for mum with routines and childcare.",
        needs=("neglect", "parenting"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "early_help",
                "Basic care slipping in a family stretched by night work: early help family "
                "worker and a health visitor review. Mum is keen for help.",
            ),
        ),
        views=(
            ("health", "Two-year check done; development on track.", "Health visitor review."),
            ("early_help", "Not known.", "Family worker and funded childcare check."),
        ),
        actions=(
            ("Health visitor review", "health", "neglect", 5, 17),
            ("Check mum's entitlement to funded childcare", "early_help", "parenting", 3, 17),
        ),
    ),
    Scenario(
        key="neighbour",
        urgency="routine",
        ages=(6,),
        referrer="neighbour",
        seen="The neighbour hears shouting and a child crying most evenings from the flat "
        "upstairs.",
        told="She has seen {first} on the landing late at night in pyjamas.",
        wants="Someone to check {first} is all right.",
        needs=("relationships", "parenting"),
        knows="no",
        consent="unknown",
        decisions=(
            (
                "nfa",
                "Checks show a family known to school and health with no concerns; police "
                "visited last month about noise and found the children well. No further "
                "action; the neighbour was told to ring police if she hears someone being hurt.",
            ),
            (
                "advice",
                "No concerns from any agency. Advice to school to mention the family hub to "
                "mum at pick-up.",
            ),
        ),
        views=(
            ("police", "Visited last month after a noise complaint; children well.", ""),
            ("education", "At {school}: happy and well presented.", ""),
        ),
        actions=(("Ring the neighbour back with the outcome", "mash", "relationships", 0, 17),),
        dob_known=False,
    ),
    Scenario(
        key="vapes",
        urgency="routine",
        ages=(14,),
        referrer="dad",
        seen="Dad found vapes and a lighter in {first}'s bag. {He} is staying out until midnight.",
        told="{first} told dad it is none of his business. Dad thinks {first} has new older "
        "friends.",
        wants="Advice for dad on what to do.",
        needs=("parenting", "relationships"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "advice",
                "Dad is worried and protective; needs are about parenting a teenager. Advice on "
                "the family hub's parenting course; dad to ring back if {first} goes missing.",
            ),
        ),
        views=(("police", "No records.", ""),),
        actions=(("Send dad the parenting course details", "early_help", "parenting", 1, 12),),
    ),
    Scenario(
        key="football mark",
        urgency="routine",
        ages=(8,),
        referrer="school",
        seen="A bruise on {first}'s shin was noticed by the class teacher.",
        told="{first} said it happened in a tackle at Saturday football; mum said the same at "
        "pick-up without being asked.",
        wants="School wants to check it does not need anything more.",
        needs=("physical_health",),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "nfa",
                "The mark fits {first}'s account of a football tackle, and mum was open about "
                "it. No further action; school reassured.",
            ),
        ),
        views=(("education", "At {school}: no previous logs.", ""),),
        actions=(
            ("Tell school the outcome", "mash", "physical_health", 0, 16),
            ("Log any new marks and share with the MASH", "referrer", "physical_health", 10, 17),
        ),
    ),
    Scenario(
        key="sleepless",
        urgency="routine",
        ages=(6,),
        referrer="paediatrics",
        seen="{first} is autistic and does not speak; parents sleep about three hours a night.",
        told="Mum said they love {first} to bits but are running on empty.",
        wants="Short breaks and a sleep service referral.",
        needs=("send", "parenting"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "partner",
                "Needs are about {first}'s disability and a worn-out family: short breaks and "
                "the sleep service. Loving, organised parents; not a safeguarding matter.",
            ),
        ),
        views=(
            ("education", "At {school}: specialist resource base; good attendance.", ""),
            ("early_help", "Not known.", "Parent carers' forum details."),
        ),
        actions=(("Referral for short breaks", "other", "send", 5, 17),),
    ),
    Scenario(
        key="private fostering",
        urgency="routine",
        ages=(13,),
        referrer="school",
        seen="{first} has been living with a family friend for three months.",
        told="The friend told school that mum is working abroad until the spring.",
        wants="Whatever checks are needed for {first} to stay there.",
        needs=("relationships",),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "assessment",
                "This is private fostering; the law requires social care to assess the "
                "arrangement. {first} is settled and well cared for.",
            ),
        ),
        views=(("education", "At {school}: settled; attendance 97%.", ""),),
        actions=(("Private fostering visit", "social_work", "relationships", 5, 17),),
    ),
    Scenario(
        key="overcrowded",
        urgency="routine",
        ages=(UNDER_ONE,),
        referrer="health_visitor",
        seen="The family of four live in a one-bedroom flat; {first} sleeps in the parents' "
        "bed and dad smokes indoors.",
        told="Parents said they are on the housing list and have nowhere to put a cot.",
        wants="Help with housing and a cot.",
        needs=("housing", "physical_health"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "advice",
                "Safe sleep advice given by the health visitor; family signposted to the "
                "housing register review and the baby bank for a cot. Parents want help and "
                "are acting on it.",
            ),
        ),
        views=(("health", "Immunisations up to date; weight on track.", "Safe sleep advice."),),
        actions=(("Baby bank cot and housing register review", "health", "housing", 3, 17),),
    ),
    Scenario(
        key="on a plan",
        urgency="routine",
        ages=(11,),
        referrer="school",
        seen="{first}'s attendance has dropped to 80% in three weeks.",
        told="{first} said mum has been poorly and {he} stays home to help.",
        wants="For {first}'s social worker to know.",
        needs=("education", "young_carer"),
        knows="yes",
        consent="yes",
        decisions=(
            (
                "open_case",
                "{first} is on a child protection plan; the allocated social worker to be told "
                "today and the attendance drop added to the next core group.",
            ),
        ),
        views=(
            (
                "social_work",
                "Child protection plan since May; core group next week.",
                "Pass to the allocated worker.",
            ),
        ),
        actions=(("Tell the allocated social worker", "social_work", "education", 0, 16),),
    ),
)
