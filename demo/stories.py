"""Demo community guide stories, their topics, guides and communities (English source)."""

TOPICS = [
    ("adult-literacy", "Adult literacy"),
    ("digital-inclusion", "Digital inclusion"),
    ("local-economy", "Local economy"),
    ("minority-languages", "Minority languages"),
    ("intergenerational-learning", "Intergenerational learning"),
    ("community-energy", "Community energy"),
]

PEOPLE = [
    {
        "key": "eszter",
        "name": "Eszter Kovács",
        "role": "Librarian and learning-circle organiser",
        "biography": "Eszter has run reading circles in villages of Baranya county for twelve years.",
    },
    {
        "key": "rhian",
        "name": "Rhian Prys",
        "role": "Community development worker",
        "biography": "Rhian supports Welsh-speaking community groups in the upper Swansea valley.",
    },
    {
        "key": "jordi",
        "name": "Jordi Serra",
        "role": "Energy cooperative volunteer",
        "biography": "Jordi is a retired electrician who trains neighbours to read their own energy bills.",
    },
    {
        "key": "wanjiru",
        "name": "Wanjiru Otieno",
        "role": "Farmer and peer trainer",
        "biography": "Wanjiru grows vegetables near Kisumu and leads a network of farmer learning groups.",
    },
]

COMMUNITIES = [
    {
        "key": "szentlorinc",
        "name": "Szentlőrinc Reading Circle",
        "slug": "szentlorinc-reading-circle",
        "country": "HU",
        "kind": "library",
        "size": "small",
        "focus": "Reading and writing groups for adults who left school early, held in the village library.",
        "partners": "The county library in Pécs and two neighbouring village schools.",
        "website": "",
    },
    {
        "key": "cwm-tawe",
        "name": "Cwm Tawe Learning Network",
        "slug": "cwm-tawe-learning-network",
        "country": "GB",
        "kind": "community_group",
        "size": "medium",
        "focus": "Informal learning in Welsh for families and older people in the upper Swansea valley.",
        "partners": "A further education college, the local health board and three chapels.",
        "website": "",
    },
]

STORIES = [
    {
        "title": "Reading circles that crossed the county line",
        "slug": "reading-circles-county-line",
        "summary": (
            "A village library in southern Hungary paired with the county library in Pécs "
            "to bring adult reading circles to four villages, and learned to let "
            "participants choose the books."
        ),
        "country": "HU",
        "place": "Szentlőrinc",
        "approach": "partnership",
        "topics": ["adult-literacy", "intergenerational-learning"],
        "guide": "eszter",
        "community": "szentlorinc",
        "keywords": ["reading", "libraries", "villages"],
        "body": [
            (
                "paragraph",
                "<p>Our library had books and a warm room, but few adult readers. The county "
                "library had trained facilitators but no way to reach the villages. We agreed "
                "to meet every two weeks for a year and to share whatever we learned.</p>",
            ),
            ("heading", {"text": "How the partnership worked", "level": "h2"}),
            (
                "paragraph",
                "<p>Facilitators from Pécs came by bus for the first three months. After that, "
                "two people from each village led the circles themselves, with a phone call to "
                "the county team after every session.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>Letting each circle choose its own books. Attendance doubled once "
                    "people read recipes, local history and song lyrics instead of a set list.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>Evening sessions in winter. People would not walk home in the dark, "
                    "so we moved to Saturday mornings.</p>",
                },
            ),
        ],
    },
    {
        "title": "A valley that learns in Welsh",
        "slug": "valley-learns-in-welsh",
        "summary": (
            "Families and older people in the upper Swansea valley formed a community of "
            "practice to keep everyday learning in Welsh, from computer classes to first aid."
        ),
        "country": "GB",
        "place": "Ystradgynlais",
        "approach": "community_of_practice",
        "topics": ["minority-languages", "intergenerational-learning"],
        "guide": "rhian",
        "community": "cwm-tawe",
        "keywords": ["Welsh", "families", "language"],
        "body": [
            (
                "paragraph",
                "<p>Most courses in the valley were offered only in English, so Welsh speakers "
                "stayed away. We asked tutors who spoke Welsh to meet once a month and swap "
                "what they were teaching and how.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>Pairing grandparents and teenagers in computer sessions: the young "
                    "people taught the devices, the elders taught the words.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>A shared online forum. Nobody used it; a printed newsletter left in "
                    "the chapels reached far more people.</p>",
                },
            ),
        ],
    },
    {
        "title": "Neighbours who read their own energy bills",
        "slug": "neighbours-read-energy-bills",
        "summary": (
            "An energy cooperative in a Barcelona neighbourhood ran learning clinics where "
            "residents brought their bills and left knowing how to cut costs."
        ),
        "country": "ES",
        "place": "Sant Andreu, Barcelona",
        "approach": "learning_clinic",
        "topics": ["community-energy", "local-economy"],
        "guide": "jordi",
        "community": None,
        "keywords": ["energy", "bills", "cooperative"],
        "body": [
            (
                "paragraph",
                "<p>Each clinic lasted two hours. Residents brought a bill, sat with a "
                "volunteer and worked through it line by line until they could explain it to "
                "someone else.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>Asking every participant to come back once as a helper. Within a "
                    "year half of the volunteers were former participants.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>Booking by email. Older residents did not book at all until we put "
                    "a paper list in the bakery.</p>",
                },
            ),
        ],
    },
    {
        "title": "Mediators who learned from each other",
        "slug": "mediators-learned-from-each-other",
        "summary": (
            "Community mediators from Roma neighbourhoods in Cluj and Iași exchanged visits "
            "to compare how they support families with schools and health services."
        ),
        "country": "RO",
        "place": "Cluj-Napoca",
        "approach": "peer_exchange",
        "topics": ["adult-literacy", "digital-inclusion"],
        "guide": None,
        "community": None,
        "keywords": ["mediation", "schools", "health"],
        "body": [
            (
                "paragraph",
                "<p>The mediators each spent three days shadowing their counterparts in the "
                "other city. They kept a shared notebook of the questions families asked most "
                "often.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>Shadowing rather than presenting. Seeing a colleague at work taught "
                    "more than any workshop.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>Visits during school holidays, when the families they wanted to "
                    "meet were away working.</p>",
                },
            ),
        ],
    },
    {
        "title": "A mentoring ring for women's cooperatives",
        "slug": "mentoring-ring-cooperatives",
        "summary": (
            "Experienced members of a tailoring cooperative in Bologna mentored newly formed "
            "cooperatives run by migrant women through their first two years."
        ),
        "country": "IT",
        "place": "Bologna",
        "approach": "mentoring",
        "topics": ["local-economy"],
        "guide": None,
        "community": None,
        "keywords": ["cooperatives", "women", "enterprise"],
        "body": [
            (
                "paragraph",
                "<p>Each new cooperative was matched with two mentors who met its members "
                "once a month. Mentors committed to answer the phone for questions between "
                "meetings.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>Two mentors instead of one, so that no cooperative was left alone "
                    "when a mentor fell ill or moved away.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>A written business plan template. Members preferred to talk the "
                    "plan through and have a mentor write it down.</p>",
                },
            ),
        ],
    },
    {
        "title": "Fishers on a study visit to another coast",
        "slug": "fishers-study-visit",
        "summary": (
            "Members of a small fishing association on the Alentejo coast visited a "
            "Galician cooperative to see how it sells directly to local restaurants."
        ),
        "country": "PT",
        "place": "Sines",
        "approach": "study_visit",
        "topics": ["local-economy", "intergenerational-learning"],
        "guide": None,
        "community": None,
        "keywords": ["fishing", "markets", "coast"],
        "body": [
            (
                "paragraph",
                "<p>Eight fishers, two of them under thirty, spent four days in Galicia. They "
                "joined the early auction, the deliveries and an evening meeting of the "
                "cooperative.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>Sending young and older fishers together. The young ones asked "
                    "the questions the older ones were too proud to ask.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>Planning the visit for the sardine season. Half the boats could "
                    "not spare their crew.</p>",
                },
            ),
        ],
    },
    {
        "title": "Farmer groups that share their trial plots",
        "slug": "farmer-groups-trial-plots",
        "summary": (
            "Vegetable growers near Kisumu formed learning groups that each run a small "
            "trial plot and visit one another's plots every season."
        ),
        "country": "KE",
        "place": "Kisumu",
        "approach": "peer_exchange",
        "topics": ["local-economy"],
        "guide": "wanjiru",
        "community": None,
        "keywords": ["farming", "trial plots", "seasons"],
        "body": [
            (
                "paragraph",
                "<p>Each group tries one new practice a season on a shared plot, such as "
                "mulching or a new seed. At harvest the groups walk each other's plots and "
                "compare.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>Seeing results in a neighbour's field. Farmers trusted a plot "
                    "they could touch more than any leaflet.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>Text-message reminders sent in English; reminders in Dholuo got "
                    "three times the replies.</p>",
                },
            ),
        ],
    },
    {
        "title": "Community libraries that teach each other",
        "slug": "community-libraries-teach",
        "summary": (
            "A network of small community libraries in Recife meets monthly so that "
            "volunteers can teach one another cataloguing, storytelling and digital skills."
        ),
        "country": "BR",
        "place": "Recife",
        "approach": "community_of_practice",
        "topics": ["digital-inclusion", "adult-literacy"],
        "guide": None,
        "community": None,
        "keywords": ["libraries", "volunteers", "storytelling"],
        "body": [
            (
                "paragraph",
                "<p>Twelve libraries take turns to host the monthly meeting. The host library "
                "teaches one skill it is good at and asks for help with one it is not.</p>",
            ),
            (
                "callout",
                {
                    "kind": "worked",
                    "text": "<p>The rule of one skill to give and one to ask for. Small libraries "
                    "stopped feeling they had nothing to offer.</p>",
                },
            ),
            (
                "callout",
                {
                    "kind": "did_not_work",
                    "text": "<p>A shared catalogue on one central computer. Power cuts and slow "
                    "connections made it unusable, so each library kept its own.</p>",
                },
            ),
        ],
    },
]

RELATED = {"reading-circles-county-line": ["community-libraries-teach"]}
