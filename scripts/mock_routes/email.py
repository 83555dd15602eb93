"""Mock endpoints of the Darktrace Email (DarktraceEmail) integration; route() answers (status, JSON value) or None.

Served here, under /agemail/api/v1.0 (Darktrace/Email), on the built-in mock's users and domains:
  GET  /agemail/api/v1.0/resources/tags        the 63 email tags [{tag_id, name, description, status
       ("critical", "warn", "info"), readable_status, category}]
  POST /agemail/api/v1.0/emails/search, JSON {"page", "itemsPerPage", "timeFrom", "timeTo",
       "query": {"criteriaList": [{"apiFilter", "value", "operator"}], "mode": "and"}}
       timeFrom/timeTo are epoch SECONDS (inclusive, on dtime_unix // 1000); criteria
       "Email.Antigena Email Anomaly" (model_score against the value; operators > >= < <= =),
       "Model Tag Severity" (a tag of the first recipient with that status), "Connection.Direction"
       (direction ==); newest first (dtime_unix, then uuid, descending); page/itemsPerPage slice it
       (default 0 and 20). The listing omits the recipients' summary. A body that is not such JSON -> 400.
  GET  /agemail/api/v1.0/emails/UUID[?dtime=MS]  the email with its recipients' summaries, or 404
       {"error": "Email not found"}
  POST /agemail/api/v1.0/emails/UUID/action, JSON {"action": "hold" | "release", "recipients": [ADDRESS]}
       hold: {"code": 0, "resp": "Held Email"}; the recipient's rcpt_status becomes "held". An email
       already held or released for that recipient -> 409 {"error": "Failed to hold email - Previously
       Held or Released"}. release of a held email: {"resp": "Email added to queue"} and the status
       becomes "released"; of one that is not held -> 409 {"error": "Failed to release email - Email is
       not held"}. An address that is not a recipient -> 400; an unknown uuid -> 404 {"error": "Email not
       found"}. Holds and releases last until /__mock__/reset.

The emails: one arrives in every 10-minute slot of absolute time (three sharing one dtime_unix
millisecond in every 18th slot) and each is kept 4 days, so new emails keep arriving and a restart
keeps uuids and times. They go to, come from or pass between the users of the v1 mock's laptops,
desktop and iPad (USERS, by device id), from senders at the v1 mock's domains; each follows one of
SCENARIOS (phishing held by Antigena, invoice fraud, brand impersonation, spam moved to junk, a cold
call, a newsletter, outbound data loss, an internal reply, an internal account takeover), whose tags,
actions, score range and summary agree. Three fixed emails of 2025-04-10 are always there: FIXED_HELD
(already held: a hold gets the 409), FIXED_DELIVERED (can be held, then released) and FIXED_UNICODE
(non-ASCII subject, sender name and recipient name).
"""
import hashlib
import json
import time
from urllib.parse import unquote

ROOT = '/agemail/api/v1.0'
SLOT_MS = 10 * 60 * 1000
SLOT0 = 1704067200000 // SLOT_MS  # 2024-01-01
TIE_EVERY = 18
HOLD_FAIL = 'Failed to hold email - Previously Held or Released'
RELEASE_FAIL = 'Failed to release email - Email is not held'

# tag_id, name, status, category, description
TAG_ROWS = [
    ('aa', 'Automatic Response', 'info', 'Content', 'An automatically generated reply, such as an out-of-office message.'),
    ('ac', 'Account Confirmation', 'info', 'Content', 'The recipient is asked to access or confirm an external web account.'),
    ('ah', 'Out of Character', 'warn', 'Association', 'The sender deviates strongly from their usual behaviour.'),
    ('ar', 'Automated Report', 'info', 'Content', 'A periodic report produced by an automated system.'),
    ('at', 'Email Account Takeover', 'critical', 'Content', 'A malicious email sent from a legitimate corporate mailbox.'),
    ('bi', 'Brand Impersonation', 'critical', 'Content', 'The email appears to impersonate a well-known brand.'),
    ('bm', 'Mailer', 'info', 'Content', 'Sent by an automated system following legitimate bulk-mail practice.'),
    ('ca', 'Calendar', 'info', 'Content', 'A calendar invite or another scheduling exchange.'),
    ('cc', 'Consistent Content', 'info', 'Content', 'The content matches earlier communication from this source.'),
    ('ccl', 'Cold Call', 'warn', 'Content', 'An external organization starts a conversation with no prior contact.'),
    ('ch', 'Credential Harvesting', 'critical', 'Content', 'A link appears to lead to a fake login page.'),
    ('ci', 'Compromise Indicators', 'warn', None, 'The internal account shows signs of compromise.'),
    ('cpa', 'Cloud Platform Abuse', 'critical', 'Content', 'A legitimate cloud platform is used to share unwanted material.'),
    ('df', 'Document Anomalies', 'critical', 'Content', 'The attached document is irregular for its context.'),
    ('dl', 'Data Loss', 'warn', 'Content', 'Content that is not normally sent outside the organization.'),
    ('ec', 'Established Correspondent', 'info', 'History', 'The external address has a long history with the recipient.'),
    ('ed', 'Established Domain Relationship', 'info', 'Association', 'The sending domain has a long history with the organization.'),
    ('ex', 'Extortion', 'critical', 'Content', 'The email attempts to extort the recipient.'),
    ('fa', 'Forged Address', 'critical', 'Association', 'The sender address appears to be forged.'),
    ('faa', 'Fake Account Alert', 'critical', 'Content', 'A fake warning about the recipient\'s account.'),
    ('fm', 'Freemail', 'info', 'Association', 'Sent from a free webmail provider.'),
    ('fsr', 'Payment Scare', 'critical', 'Content', 'Pressure to make or change a payment.'),
    ('ftc', 'First Time Contact', 'warn', 'Association', 'The first email from this sender to the organization.'),
    ('gm', 'Graymail', 'warn', 'Content', 'Bulk mail the recipient probably did not ask for.'),
    ('hh', 'High Mailing History', 'info', 'History', 'The sender has sent many emails to the organization.'),
    ('ic', 'Inconsistent Content', 'warn', 'Content', 'The content differs from earlier communication from this source.'),
    ('kc', 'Known Correspondent', 'info', 'Association', 'The recipient has corresponded with the sender before.'),
    ('kd', 'Known Domain Relationship', 'info', 'Association', 'The organization has corresponded with the domain before.'),
    ('ld', 'Lookalike Domain', 'critical', 'Association', 'The sending domain resembles a trusted one.'),
    ('lh', 'Low Mailing History', 'warn', 'History', 'The sender has sent few emails to the organization.'),
    ('me', 'Misdirected Email', 'warn', 'Association', 'The email may have been sent to the wrong recipient.'),
    ('mh', 'Moderate Mailing History', 'info', 'History', 'The sender has sent some emails to the organization.'),
    ('mp', 'Multistage Payload', 'critical', 'Content', 'A link or attachment leads to a further payload.'),
    ('mr', 'Malware or Ransomware', 'critical', 'Content', 'An attachment or link appears to carry malware.'),
    ('na', 'No Association', 'warn', 'Association', 'Nobody in the organization has corresponded with the sender.'),
    ('ncft', 'New Correspondent File Transfer', 'warn', 'Content', 'Files sent to or from a new correspondent.'),
    ('nd', 'Narrow Distribution', 'info', 'Association', 'Sent to few recipients.'),
    ('no', 'Notification', 'info', 'Content', 'An automated notification.'),
    ('np', 'Non-Productive Mail', 'warn', 'Content', 'Mail of little business value.'),
    ('ns', 'New Correspondent', 'info', 'History', 'A correspondent the recipient has not seen before.'),
    ('nsft', 'New Sensitive File Transfer', 'warn', 'Content', 'Sensitive files sent to a new destination.'),
    ('pa', 'Phishing Attachment', 'critical', 'Content', 'An attachment appears designed for phishing.'),
    ('paft', 'Personal Account File Transfer', 'warn', 'Content', 'Files sent to a personal account.'),
    ('pl', 'Phishing Link', 'critical', 'Content', 'A link appears designed for phishing.'),
    ('pr', 'Personal Address', 'warn', 'Association', 'Sent to a personal address.'),
    ('ps', 'User Impersonation', 'critical', 'Association', 'The sender impersonates a user of the organization.'),
    ('rc', 'Active Conversation', 'info', 'Association', 'Part of an ongoing conversation.'),
    ('rs', 'Response to Solicitation', 'warn', 'Content', 'A reply to an unsolicited email.'),
    ('sa', 'Suspicious Attachment', 'warn', 'Content', 'An attachment is unusual for this sender.'),
    ('si', 'Internal IT Impersonation', 'critical', 'Association', 'The sender impersonates internal IT.'),
    ('sl', 'Suspicious Link', 'warn', 'Content', 'A link is unusual for this sender.'),
    ('so', 'Solicitation', 'critical', 'Content', 'The email tries to make the recipient reply directly.'),
    ('sp', 'Spam', 'critical', 'Content', 'Unsolicited bulk email.'),
    ('sr', 'Singular Relationship', 'warn', 'Association', 'Only one user has corresponded with the sender.'),
    ('ss', 'Spoofing Indicators', 'warn', 'Association', 'The headers show signs of spoofing.'),
    ('ubm', 'Unknown Bulk Mailer', 'warn', 'Content', 'Bulk mail from an unknown system.'),
    ('uc', 'Unknown Correspondent', 'warn', 'Association', 'The recipient does not know the sender.'),
    ('ud', 'Undeliverable', 'info', None, 'A delivery failure notice.'),
    ('un', 'Unknown Intent', 'warn', 'Content', 'The purpose of the email is unclear.'),
    ('vai', 'Validation Issues', 'warn', 'Content', 'The email failed SPF, DKIM or DMARC validation.'),
    ('vi', 'VIP Impersonation', 'critical', 'Association', 'The sender impersonates a VIP of the organization.'),
    ('vip', 'VIP', 'info', None, 'The recipient is a VIP.'),
    ('wd', 'Wide Distribution', 'warn', 'Association', 'Sent to many recipients.'),
]
TAG_STATUS = {row[1]: row[2] for row in TAG_ROWS}

# device id (base.DEVICES): (address, display name) of the user of that laptop, desktop or iPad
USERS = {
    823: ('kelly.johnson@example.com', 'Kelly Johnson'),
    21: ('alice.martin@example.com', 'Alice Martin'),
    22: ('bao.nguyen@example.com', 'Bao Nguyen'),
    23: ('clara.fischer@example.com', 'Clara Fischer'),
    31: ('zoe.muller@example.com', 'Zoë Müller'),
    38: ('dana.lee@example.com', 'Dana Lee'),
}
USER_DIDS = sorted(USERS)

# name: (direction, senders, subjects, tags, actions, score range, rcpt_status, summary sentences)
# A sender is (address, display name); None means one of USERS. A summary sentence may use {sender},
# {domain}, {name} (the recipient's display name) and {n}.
SCENARIOS = [
    ('phishing', 'inbound', [('it-support@rare-domain.xyz', 'IT Service Desk'), ('security@updates-contoso.net', 'Contoso Security')],
     ['Your mailbox is almost full - verify your account', 'Action required: password expires today'],
     ['Credential Harvesting', 'Phishing Link', 'Lookalike Domain', 'Internal IT Impersonation', 'No Association'],
     ['Hold message'], (85, 100), 'held',
     ['A link in this email leads to a page imitating a corporate login.',
      'The sender {sender} has no previous association with the organization.',
      'The sending domain {domain} resembles a domain the organization trusts.']),
    ('invoice', 'inbound', [('accounts@updates.contoso.net', 'Contoso Accounts')],
     ['Overdue invoice INV-{n} - payment details changed', 'Remittance advice {n}'],
     ['Payment Scare', 'Suspicious Attachment', 'Unknown Correspondent', 'First Time Contact'],
     ['Strip attachment'], (60, 84), 'delivered',
     ['The email asks {name} to make a payment to new bank details.',
      'The attachment is unusual for emails from {domain}.']),
    ('brand', 'inbound', [('no-reply@parcel-tracking.example.net', 'Parcel Delivery | Tracking')],
     ['Your parcel could not be delivered', 'Delivery attempt failed - reschedule now'],
     ['Brand Impersonation', 'Spoofing Indicators', 'Suspicious Link'],
     ['Lock link'], (70, 95), 'delivered',
     ['The email appears to impersonate a parcel delivery brand.',
      'Links to {domain} were locked.']),
    ('spam', 'inbound', [('deals@cats.com', 'Cats Deals')],
     ['50% off everything this weekend', 'Last chance: members-only prices'],
     ['Spam', 'Unknown Bulk Mailer', 'Graymail'],
     ['Move to junk'], (20, 49), 'junked',
     ['This email was sent by a bulk mailer the recipient has not interacted with.']),
    ('coldcall', 'inbound', [('partnerships@pastebin.com', 'Partnerships Team')],
     ['Quick question about your security stack', 'Can we book 15 minutes?'],
     ['Cold Call', 'First Time Contact', 'Unknown Correspondent'],
     [], (40, 65), 'delivered',
     ['Someone at {domain} is starting a conversation with {name} with no previous contact.']),
    ('newsletter', 'inbound', [('newsletter@cats.com', 'Cats Weekly'),
                               ('gov.uk.email@notifications.service.gov.uk', 'gov.uk email')],
     ['Weekly digest #{n}', 'Update from GOV.UK: new guidance published'],
     ['Mailer', 'High Mailing History', 'Known Correspondent'],
     [], (0, 15), 'delivered',
     ['The sender {sender} has previously sent emails to {name} on many separate days.',
      'The email was sent from an authentic source for {domain}. This was verified via DKIM.']),
    ('dataloss', 'outbound', [None],
     ['Q3 payroll export', 'customer list (final).xlsx'],
     ['Data Loss', 'Personal Address', 'New Sensitive File Transfer'],
     [], (50, 75), 'delivered',
     ['{name} sent a file that is not normally sent outside the organization to a personal address.']),
    ('internal', 'internal', [None],
     ['Re: build server maintenance', 'Re: lunch on Friday?'],
     ['Known Correspondent', 'Consistent Content', 'Active Conversation'],
     [], (0, 10), 'delivered',
     ['This email is part of an ongoing conversation between colleagues.']),
    ('takeover', 'internal', [None],
     ['Urgent: please review the attached document', 'Shared file: Finance Q3 | confidential'],
     ['Email Account Takeover', 'Out of Character', 'Compromise Indicators', 'Document Anomalies'],
     ['Hold message'], (76, 99), 'held',
     ['The mailbox of {sender} is sending emails unlike any it sent before.',
      'The account shows signs of compromise, such as a login from an unusual location.']),
]
WEIGHTS = [3, 2, 2, 2, 2, 4, 1, 3, 1]
PERSONAL = 'k.johnson.1987@freemail.example'

FIXED_HELD = '5C0FFEE1-7A1B-4C2D-9E3F-0A1B2C3D4E5F.1'
FIXED_DELIVERED = '0DDBA11E-2B3C-4D5E-8F90-1A2B3C4D5E6F.1'
FIXED_UNICODE = 'C0DE1234-5678-4ABC-9DEF-0123456789AB.1'
# uuid: (dtime_unix, scenario index, recipient did, sender, subject override)
FIXED = {
    FIXED_HELD: (1744290168021, 0, 823, ('it-support@rare-domain.xyz', 'IT Service Desk'), None),
    FIXED_DELIVERED: (1744293768500, 1, 23, ('accounts@updates.contoso.net', 'Contoso Accounts'), None),
    FIXED_UNICODE: (1744297368999, 5, 31, ('newsletter@cats.com', 'Zürich ✓ Weekly'), 'Zürich ✓ | Wochenbericht 😀'),
}


def route(base, state, method, path, q, body):
    """The answer to an authenticated request this integration's endpoints serve, else None.

    base is the mock_darktrace module (its data: breach_facts, DEVICES, ...); state its State.
    """
    if not path.startswith(ROOT + '/'):
        return None
    rest = path[len(ROOT):]
    if method == 'GET' and rest == '/resources/tags':
        return 200, tags()
    if method == 'POST' and rest == '/emails/search':
        return search(state, body)
    parts = rest.split('/')
    if len(parts) in (3, 4) and parts[1] == 'emails' and parts[2]:
        uuid = unquote(parts[2])
        if len(parts) == 3 and method == 'GET':
            email = find(state, uuid)
            return (200, email) if email else (404, {'error': 'Email not found'})
        if len(parts) == 4 and parts[3] == 'action' and method == 'POST':
            return action(state, uuid, body)
    return None


def tags():
    """GET /resources/tags."""
    return [{'tag_id': t, 'name': n, 'description': d, 'status': s, 'readable_status': s.capitalize(), 'category': c}
            for t, n, s, c, d in TAG_ROWS]


# ---------------------------------------------------------------- the emails
def hsh(*parts):
    """A stable hash of parts (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.sha1(repr(('email',) + parts).encode()).digest()[:8], 'big')


def uuid_of(*parts):
    """A Darktrace/Email-looking uuid: upper-case hex groups and a ".1" suffix."""
    x = hashlib.sha1(repr(('email-uuid',) + parts).encode()).hexdigest().upper()
    return '%s-%s-4%s-%s%s-%s.1' % (x[:8], x[8:12], x[13:16], '89AB'[int(x[16], 16) % 4], x[17:20], x[20:32])


def slot_emails(slot):
    """[(dtime_unix, uuid, seed)] of one 10-minute slot: one email, three at one ms every 18th slot."""
    t = slot * SLOT_MS + hsh('t', slot) % SLOT_MS
    n = 3 if slot % TIE_EVERY == 5 else 1
    return [(t, uuid_of(slot, j), (slot, j)) for j in range(n)]


def entries(now):
    """[(dtime_unix, uuid, seed)] of every email that exists now: the fixed ones, then the stream."""
    out = [(t, uuid, ('fixed', uuid)) for uuid, (t, _, _, _, _) in FIXED.items()]
    first = (now - 4 * 86400000) // SLOT_MS
    for slot in range(first, now // SLOT_MS + 1):
        out.extend(e for e in slot_emails(slot) if now - 4 * 86400000 <= e[0] <= now)
    return out


def pick_scenario(seed):
    """The scenario index of a stream email, by WEIGHTS."""
    r = hsh('scenario', seed) % sum(WEIGHTS)
    for i, w in enumerate(WEIGHTS):
        if r < w:
            return i
        r -= w
    return len(WEIGHTS) - 1


def fmt_ms(ms):
    """dtime as Darktrace/Email writes it: ISO 8601 UTC with milliseconds."""
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(ms // 1000)) + '.%03dZ' % (ms % 1000)


def build(state, entry, detail):
    """The email of one (dtime_unix, uuid, seed), as the listing (detail False) or GET (True) shows it."""
    t, uuid, seed = entry
    if seed[0] == 'fixed':
        _, scenario, did, sender, subject = FIXED[uuid]
        extra = 0
    else:
        scenario = pick_scenario(seed)
        did = USER_DIDS[hsh('rcpt', seed) % len(USER_DIDS)]
        sender, subject, extra = None, None, hsh('extra', seed) % 5
    name_, direction, senders, subjects, tag_names, actions, (lo, hi), status, sentences = SCENARIOS[scenario]
    to_addr, to_name = USERS[did]
    if sender is None:
        sender = senders[hsh('sender', seed) % len(senders)]
    if sender is None:  # a user of the organization sends
        other = USER_DIDS[(USER_DIDS.index(did) + 1 + hsh('from', seed) % (len(USER_DIDS) - 1)) % len(USER_DIDS)]
        sender = USERS[other]
    if direction == 'outbound':  # the user writes to an outside address
        sender, (to_addr, to_name) = (to_addr, to_name), (PERSONAL, 'Kelly J.')
    n = 1000 + hsh('n', seed) % 9000
    # With one subject per sender (newsletters), the subject goes with its sender.
    pick = senders.index(sender) if len(subjects) == len(senders) > 1 and sender in senders else hsh('subject', seed)
    subject = subject or subjects[pick % len(subjects)].format(n=n)
    score = lo + hsh('score', seed) % (hi - lo + 1)
    domain = sender[0].split('@', 1)[1]
    recipients = [(to_addr, to_name)]
    if extra == 0 and direction != 'outbound':  # one email in five also went to a colleague
        cc = USERS[USER_DIDS[(USER_DIDS.index(did) + 1) % len(USER_DIDS)]]
        recipients.append(cc)
    rcpts = []
    for addr, name in recipients:
        current = state.ack.get(('email', uuid, addr.lower()))
        rcpt = {'rcpt_to': addr, 'rcpt_status': current or status,
                'is_read': status == 'delivered' and hsh('read', seed, addr) % 2 == 0, 'is_group_email': False,
                'tags': list(tag_names), 'rcpt_actions_taken': list(actions), 'action_status': bool(actions)}
        if detail:
            rcpt['summary'] = [s.format(sender=sender[0], domain=domain, name=name) for s in sentences]
            rcpt['requestedRelease'] = None
        rcpts.append(rcpt)
    email = {'uuid': uuid, 'direction': direction, 'dtime': fmt_ms(t), 'dtime_unix': t,
             'header_from': '"%s" <%s>' % (sender[1], sender[0]), 'header_from_personal': sender[1],
             'header_from_email': sender[0], 'header_subject': subject, 'in_progress': False,
             'n_links': 0 if name_ in ('internal', 'dataloss') else 1 + hsh('links', seed) % 8,
             'n_attachments': 1 if name_ in ('invoice', 'dataloss', 'takeover') else 0,
             'model_score': score, 'rcpts': rcpts, 'restricted_recipients': []}
    if detail:
        email['campaign_id'] = None
    return email


def find(state, uuid):
    """The email with this uuid as GET /emails/UUID shows it, or None."""
    for entry in entries(state.now()):
        if entry[1] == uuid:
            return build(state, entry, True)
    return None


# ---------------------------------------------------------------- search and actions
def matches(email, criteria):
    """Whether an email passes every criterion of a search's criteriaList."""
    rcpt = email['rcpts'][0]
    for c in criteria:
        f, v, op = c.get('apiFilter'), c.get('value'), c.get('operator', '=')
        if f == 'Email.Antigena Email Anomaly':
            s, x = float(email['model_score']), float(v)
            ok = {'>': s > x, '>=': s >= x, '<': s < x, '<=': s <= x, '=': s == x}.get(op, False)
        elif f == 'Model Tag Severity':
            ok = any(TAG_STATUS.get(t) == v for t in rcpt['tags'])
        elif f == 'Connection.Direction':
            ok = email['direction'] == v
        else:
            ok = True
        if not ok:
            return False
    return True


def search(state, body):
    """POST /emails/search: the window's matching emails, newest first, one page of them."""
    try:
        q = json.loads(body)
        page, per = int(q.get('page', 0)), int(q.get('itemsPerPage', 20))
        t_from, t_to = q.get('timeFrom'), q.get('timeTo')
        criteria = (q.get('query') or {}).get('criteriaList') or []
        if page < 0 or per < 1 or not all(isinstance(c, dict) for c in criteria):
            raise ValueError('page, itemsPerPage or criteriaList')
        for c in criteria:
            float(c['value']) if c.get('apiFilter') == 'Email.Antigena Email Anomaly' else None
    except (ValueError, TypeError, AttributeError, KeyError) as e:
        return 400, {'error': 'Invalid search body: %s' % e}
    found = []
    for entry in entries(state.now()):
        sec = entry[0] // 1000
        if isinstance(t_from, (int, float)) and sec < t_from:
            continue
        if isinstance(t_to, (int, float)) and sec > t_to:
            continue
        email = build(state, entry, False)
        if matches(email, criteria):
            found.append(email)
    found.sort(key=lambda e: (e['dtime_unix'], e['uuid']), reverse=True)
    return 200, found[page * per:(page + 1) * per]


def action(state, uuid, body):
    """POST /emails/UUID/action: hold or release the email for one recipient."""
    email = find(state, uuid)
    if email is None:
        return 404, {'error': 'Email not found'}
    try:
        value = json.loads(body)
        act, recipients = value['action'], value['recipients']
        if act not in ('hold', 'release') or not isinstance(recipients, list) or len(recipients) != 1 \
                or not isinstance(recipients[0], str):
            raise ValueError(act)
    except (ValueError, TypeError, KeyError):
        return 400, {'error': 'Expected a JSON body {"action": "hold" or "release", "recipients": [address]}'}
    rcpt = [r for r in email['rcpts'] if r['rcpt_to'].lower() == recipients[0].lower()]
    if not rcpt:
        return 400, {'error': 'Recipient %s not found for this email' % recipients[0]}
    key, status = ('email', uuid, recipients[0].lower()), rcpt[0]['rcpt_status']
    with state.lock:
        if act == 'hold':
            if status in ('held', 'released'):
                return 409, {'error': HOLD_FAIL}
            state.ack[key] = 'held'
            return 200, {'code': 0, 'resp': 'Held Email'}
        if status != 'held':
            return 409, {'error': RELEASE_FAIL}
        state.ack[key] = 'released'
        return 200, {'resp': 'Email added to queue'}
