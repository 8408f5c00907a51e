"""The demo site's English source content; its translations are in translations/."""

# The site identity setting and its tagline snippet (translated like the others).
SITE = {
    "name": "Learning Commons",
    "contact_email": "hello@learning-commons.example",
    "social_links": [
        ("Mastodon", "https://social.learning-commons.example/@commons"),
        ("PeerTube", "https://video.learning-commons.example/c/seminars"),
    ],
}
TAGLINE = {
    "tagline": "Communities learning from each other",
    "description": (
        "Learning Commons is a peer-learning network: communities and volunteers "
        "in many countries who learn from each other."
    ),
}

HOME = {
    "title": "Learning Commons",
    "slug": "home",
    "seo_title": "Learning Commons: communities learning from each other",
    "search_description": (
        "A peer-learning network where communities share how they learned together: "
        "stories, learning events, recordings and a newsletter."
    ),
    "hero_heading": "Communities learning from each other",
    "hero_text": (
        "Learning Commons connects organisations and volunteers in many countries who "
        "share what they tried, what worked and what did not, so that the next "
        "community can start further ahead."
    ),
    "introduction": (
        "<p>Every community that builds a learning partnership solves problems that "
        "someone, somewhere, has already met. Here you will find their stories told in "
        "their own words, invitations to learning clinics and seminars, and recordings "
        "you can come back to on any connection.</p>"
        "<ul><li>Read how a village in Hungary, a valley in Wales or a neighbourhood in "
        "Catalonia learned together.</li>"
        "<li>Join a learning clinic to work through a problem with peers.</li>"
        "<li>Listen to past seminars, with transcripts for slow connections.</li></ul>"
    ),
}

SECTIONS = [
    {
        "model": "stories.StoryIndexPage",
        "title": "Community guide stories",
        "slug": "stories",
        "search_description": (
            "How communities built learning partnerships: what they tried, with whom, "
            "and what they would do differently."
        ),
        "introduction": (
            "<p>Stories written by the people who lived them. Each one says what the "
            "community set out to do, who it learned with, what worked and what did "
            "not work as expected.</p>"
        ),
    },
    {
        "model": "events.EventIndexPage",
        "title": "Learning events",
        "slug": "events",
        "search_description": (
            "Learning clinics, seminars, workshops and e-conferences, in person and online."
        ),
        "introduction": (
            "<p>Learning clinics, seminars, workshops and e-conferences where peers "
            "bring real questions and leave with ideas to try. Most are online and many "
            "offer interpretation.</p>"
        ),
    },
    {
        "model": "events.RecordingIndexPage",
        "title": "Seminar recordings",
        "slug": "recordings",
        "search_description": (
            "Past seminars as a permanent resource: slides, audio, video and transcripts."
        ),
        "introduction": (
            "<p>Every seminar stays available after the day: slides, audio, video and a "
            "full transcript. Choose audio or the transcript when your connection is "
            "slow.</p>"
        ),
    },
    {
        "model": "newsletter.NewsletterIndexPage",
        "title": "E-newsletter",
        "slug": "newsletter",
        "search_description": (
            "The network's newsletter: new stories, events and recordings, in your language."
        ),
        "introduction": (
            "<p>One email a month with the newest stories, upcoming events and "
            "recordings, sent in your language. Past issues are kept here.</p>"
        ),
    },
    {
        "model": "members.CommunityIndexPage",
        "title": "Community",
        "slug": "community",
        "search_description": (
            "Members of the network: who can share what, who wants to learn it, and "
            "how to reach each other."
        ),
        "introduction": (
            "<p>Members register the skills they can share and the ones they want to "
            "learn. Find a peer in the skills directory, or let Let's Connect suggest "
            "one.</p>"
        ),
    },
]

STANDARD_PAGES = [
    {
        "title": "About the network",
        "slug": "about",
        "search_description": (
            "Who we are: a network of communities, organisations and volunteers who "
            "learn from each other."
        ),
        "introduction": (
            "Learning Commons began as a handful of community organisations swapping "
            "notes. It is now a network of members in many countries."
        ),
        "body": [
            ("heading", {"text": "Why peer learning", "level": "h2"}),
            (
                "paragraph",
                "<p>Communities often learn best from other communities. A group that has "
                "just set up a village learning centre knows what the first year really "
                "costs, which partners kept their promises and which meetings were a "
                "waste of time. We help that knowledge travel.</p>",
            ),
            ("heading", {"text": "What we do", "level": "h2"}),
            (
                "paragraph",
                "<p>We publish community guide stories, run learning clinics and seminars, "
                "keep their recordings as a lasting resource and send a newsletter to "
                "members in their own language.</p>",
            ),
            (
                "quote",
                {
                    "text": "We stopped reinventing the wheel the day we met a group that "
                    "had already built one.",
                    "attribution": "A member organisation",
                },
            ),
        ],
    },
    {
        "title": "Partners",
        "slug": "partners",
        "search_description": (
            "The organisations that host events, translate content and support the network."
        ),
        "introduction": (
            "Partners host learning events, translate what we publish and lend their "
            "experience to communities that ask for it."
        ),
        "body": [
            ("heading", {"text": "Kinds of partner", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Community organisations that share their stories.</li>"
                "<li>Adult education centres that host learning clinics.</li>"
                "<li>Volunteer translators who bring each page into their language.</li>"
                "</ul>",
            ),
            ("heading", {"text": "Becoming a partner", "level": "h2"}),
            (
                "paragraph",
                "<p>Partnership is free. We ask partners to share one thing they have "
                "learned each year and to help another community when they can.</p>",
            ),
        ],
    },
    {
        "title": "How to take part",
        "slug": "take-part",
        "search_description": (
            "Ways to join in: share a story, come to a learning clinic, translate or "
            "subscribe."
        ),
        "introduction": (
            "There are many ways to take part, from reading one story to hosting a "
            "seminar for the whole network."
        ),
        "body": [
            ("heading", {"text": "Share your story", "level": "h2"}),
            (
                "paragraph",
                "<p>Tell us how your community learned with others. Say what did not work "
                "as well as what did: honest stories help most.</p>",
            ),
            ("heading", {"text": "Come to a learning clinic", "level": "h2"}),
            (
                "paragraph",
                "<p>Bring a question your community is stuck on. Peers who faced the same "
                "question will work through it with you.</p>",
            ),
            ("heading", {"text": "Translate", "level": "h2"}),
            (
                "paragraph",
                "<p>Volunteer translators make the network work across languages. An "
                "hour a month makes a difference.</p>",
            ),
        ],
    },
    {
        "title": "Privacy notice",
        "slug": "privacy",
        "search_description": (
            "What we store about newsletter subscribers and members, why, for how "
            "long, and how to unsubscribe, download your data or have it deleted."
        ),
        "introduction": (
            "This notice explains what Learning Commons stores when you subscribe to "
            "the newsletter, why we store it and how you stay in control of it."
        ),
        "body": [
            ("heading", {"text": "What we store", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Your email address and the language you chose.</li>"
                "<li>The topics you chose, if any.</li>"
                "<li>Your consent: the wording you agreed to, the page you subscribed "
                "on, and when you subscribed and confirmed.</li>"
                "<li>For each issue we send you: whether it was delivered, and which "
                "links in it you followed.</li></ul>",
            ),
            ("heading", {"text": "Why we store it", "level": "h2"}),
            (
                "paragraph",
                "<p>We use your address only to send you the newsletter in your "
                "language, and the delivery and click records only to see how each "
                "issue is received. We never sell or share your data, and we do not "
                "track whether you open our emails.</p>",
            ),
            ("heading", {"text": "How long we keep it", "level": "h2"}),
            (
                "paragraph",
                "<p>If you do not confirm your subscription, your address is deleted "
                "after 30 days. Delivery and click records are deleted after a limited "
                "period. Your subscription is kept until you unsubscribe or ask us to "
                "delete it.</p>",
            ),
            (
                "heading",
                {"text": "Unsubscribing and deleting your data", "level": "h2"},
            ),
            (
                "paragraph",
                "<p>Every email has a link to unsubscribe in one click and a link to "
                "change your language and topics. To receive a copy of the data we hold "
                "about you, or to have it deleted completely, reply to any newsletter "
                "email from the address you subscribed with.</p>",
            ),
            ("heading", {"text": "If you become a member", "level": "h2"}),
            (
                "paragraph",
                "<p>A member account holds your email address, your profile, your "
                "Let's Connect registration (the skills you share and want to learn, "
                "the support you need) and your requests and connections with other "
                "members. You choose who sees each part of your profile: everyone, "
                "members, or only the coordinators; nothing is public until you say "
                "so. The coordinators use your registration only to suggest "
                "connections and learning clinics to you.</p>",
            ),
            (
                "paragraph",
                "<p>Your data is kept while your account exists; we remind you once a "
                "month to check it is still accurate. From your member area you can "
                "download everything we hold on you and erase your account at any "
                "time: the profile, the registration and the requests go at once, and "
                "reports you sent stay with the coordinators without your name.</p>",
            ),
        ],
    },
]
