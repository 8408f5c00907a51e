"""Members' accounts (django-allauth and allauth.mfa), imported into base.py;
base.py adds those derived from its own settings (proxy count, debug, issuer)."""

# Members (django-allauth): the email address is the login, verified before
# anything of theirs is shown; sign-up and reset answer alike for known and unknown
# addresses. Staff keep the admin's own sign-in (/admin/login/) and its two-factor.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "members.accounts.MemberAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "homepage"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_email": "1/m/user",
    "confirm_email": "1/3m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:area"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Passkeys and authenticator apps for members who want them. Coordinators and
# judges work in the admin, where these roles (home.roles' names) must add an
# authenticator before anything else (ops.two_factor), whatever
# PORTAL_REQUIRE_2FA_FOR_STAFF says.
PORTAL_REQUIRE_2FA_GROUPS = ["Community coordinators", "Judges"]
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
# Social sign-in (allauth.socialaccount) is off; see the README's Members section.

# Let's Connect: how many members one may ask to connect in a day, and after how
# many days both are asked whether their connection helped.
MEMBERS_REQUESTS_PER_DAY = 5
# (attempts, seconds): every form a signed-in member posts, counted together.
MEMBERS_POSTS_RATE_LIMIT = (60, 600)
MEMBERS_FOLLOW_UP_DAYS = 21
# The largest photo a member may upload (re-encoded without metadata, members.photos).
MEMBERS_PHOTO_MAX_BYTES = 5_000_000
# Members are asked to check their entry after this many days without a change.
MEMBERS_REMINDER_DAYS = 30
MEMBERS_REMINDERS_PER_RUN = 500
# Members' periodic work, added to PORTAL_PERIODIC_TASKS in base.py: the follow-ups
# of three-week-old connections and the monthly reminders.
MEMBERS_PERIODIC_TASKS = [
    ("members.tasks.follow_up_task", 3600),
    ("members.tasks.reminder_task", 3600),
]

# Registering for events: how many registrations one client address may post in
# a window of seconds (visitors and members alike).
PARTICIPATION_REGISTER_RATE_LIMIT = (10, 600)
# The reminder goes this many hours before an event starts, checked every
# quarter of an hour, a batch at a time.
PARTICIPATION_REMINDER_HOURS = 24
PARTICIPATION_REMINDERS_PER_RUN = 500
PARTICIPATION_PERIODIC_TASKS = [("participation.tasks.reminder_task", 15 * 60)]
