#!/usr/bin/env python3
"""Generate a synthetic help-center corpus for the waymark-vs-Hugo build benchmark.

    python3 benches/gen_corpus.py N OUT_DIR [--format waymark|hugo] [--seed S]

Writes N help articles (450-700 words, ~570 on average) spread over 20 sections.
Each article has YAML front matter (title, description, date, tags, categories) and a
Markdown body with 2-4 `##` headings, a bullet list, an ordered list of steps, a 3x3
table, one fenced code block (bash or json) and 2 links to other generated articles.

The output is deterministic: the same N and seed give byte-identical files, and every
article depends only on its index, the seed and N (through its link targets), so both
formats always hold the same articles. The only differences between the formats are the
site config, the link syntax and the Hugo layouts:

- waymark: OUT_DIR/waymark.toml and OUT_DIR/content/<section>/<slug>.md, links written
  as relative Markdown links `../<section>/<slug>.md`.
- hugo: OUT_DIR/hugo.toml, the same content with links written as
  `{{< relref "/<section>/<slug>.md" >}}`, and a small theme in OUT_DIR/layouts.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import random
import shutil
import sys

MARKER = ".gen_corpus"
DEFAULT_SEED = 20240611

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

# slug, category, related tags, title, description, topic objects (what its articles are about)
SECTIONS = [
    ("getting-started", "Getting Started", ["onboarding", "account-settings"],
     "Getting started",
     "First steps for new workspaces: setup, invites and the basics of the dashboard.",
     ["workspace setup", "onboarding checklist", "team invitations", "first project",
      "sample data", "workspace name", "default time zone"]),
    ("accounts", "Account Management", ["account-settings", "email", "privacy"],
     "Accounts and profiles",
     "Manage your profile, email address, language and account preferences.",
     ["profile", "email address", "display name", "account language", "profile photo",
      "account deletion", "connected accounts"]),
    ("sign-in-and-sso", "Security", ["sso", "saml", "okta", "scim"],
     "Sign-in and SSO",
     "Single sign-on with SAML and OIDC, login sessions and identity providers.",
     ["SAML single sign-on", "Okta integration", "Azure AD connection", "login session",
      "identity provider", "SSO enforcement", "just-in-time provisioning"]),
    ("passwords-and-security", "Security", ["password-reset", "two-factor", "security", "audit-log"],
     "Passwords and security",
     "Password reset, two-factor authentication, audit logs and security settings.",
     ["password reset", "two-factor authentication", "recovery codes", "audit log",
      "IP allowlist", "session timeout", "security key"]),
    ("billing", "Billing and Plans", ["billing", "payments", "subscriptions"],
     "Billing",
     "Payment methods, billing contacts, taxes and how charges are calculated.",
     ["payment method", "billing contact", "billing address", "tax ID", "credit card",
      "proration", "billing cycle"]),
    ("invoices", "Billing and Plans", ["invoices", "billing", "payments"],
     "Invoices and receipts",
     "Find, download and correct invoices, receipts and credit notes.",
     ["invoice", "receipt", "credit note", "invoice PDF", "purchase order number",
      "invoice email", "refund"]),
    ("plans-and-seats", "Billing and Plans", ["seats", "subscriptions", "enterprise"],
     "Plans and seats",
     "Compare plans, add or remove seats, and upgrade or downgrade your subscription.",
     ["subscription plan", "seat count", "annual plan", "plan upgrade", "plan downgrade",
      "free trial", "seat assignment"]),
    ("users-and-permissions", "Administration", ["permissions", "roles", "scim", "admin"],
     "Users and permissions",
     "Roles, permissions, groups and user management for workspace admins.",
     ["user role", "custom role", "permission set", "user group", "guest access",
      "member list", "SCIM provisioning"]),
    ("notifications", "Account Management", ["notifications", "email", "slack", "mobile"],
     "Notifications",
     "Email, in-app, mobile push and Slack notifications, and how to tune them.",
     ["email notification", "push notification", "notification schedule",
      "Slack notification", "digest email", "mention alert", "quiet hours"]),
    ("dashboards", "Analytics", ["dashboards", "reports"],
     "Dashboards",
     "Build, share and organize dashboards and their widgets.",
     ["dashboard", "dashboard widget", "shared dashboard", "dashboard filter",
      "chart widget", "dashboard template", "refresh interval"]),
    ("reports", "Analytics", ["reports", "csv", "dashboards"],
     "Reports",
     "Scheduled reports, custom metrics and report sharing.",
     ["scheduled report", "custom report", "report filter", "usage report",
      "revenue report", "report subscription", "metric definition"]),
    ("data-export", "Data Management", ["data-export", "csv", "gdpr"],
     "Data export",
     "Export records, reports and full workspace backups.",
     ["CSV export", "full workspace export", "export schedule", "JSON export",
      "export file", "data retention", "backup archive"]),
    ("data-import", "Data Management", ["data-import", "csv", "errors"],
     "Data import",
     "Import records from CSV files, spreadsheets and other tools.",
     ["CSV import", "field mapping", "import template", "duplicate detection",
      "spreadsheet import", "import history", "bulk update"]),
    ("integrations", "Integrations", ["integrations", "slack", "google-workspace"],
     "Integrations",
     "Connect Slack, Google Workspace, Salesforce, Zapier and other apps.",
     ["Slack integration", "Google Workspace integration", "Salesforce sync",
      "Zapier connection", "Microsoft Teams app", "calendar sync", "HubSpot integration"]),
    ("webhooks", "Developers", ["webhooks", "api", "errors"],
     "Webhooks",
     "Subscribe to events, verify signatures and debug webhook deliveries.",
     ["webhook endpoint", "webhook signature", "event subscription", "delivery log",
      "webhook retry", "signing secret", "event payload"]),
    ("api", "Developers", ["api", "api-keys", "rate-limits", "oauth"],
     "API and developers",
     "API keys, authentication, pagination, rate limits and SDKs.",
     ["API key", "OAuth app", "access token", "rate limit", "API pagination",
      "API version", "service account"]),
    ("automations", "Integrations", ["automation", "integrations", "webhooks"],
     "Automations",
     "Rules, triggers and scheduled actions that run without manual work.",
     ["automation rule", "workflow trigger", "scheduled action", "approval step",
      "automation run history", "conditional branch", "automation template"]),
    ("mobile-app", "Getting Started", ["mobile", "notifications", "troubleshooting"],
     "Mobile app",
     "Install, sign in to and troubleshoot the iOS and Android apps.",
     ["iOS app", "Android app", "offline mode", "mobile sign-in", "app update",
      "biometric unlock", "mobile notifications"]),
    ("admin-settings", "Administration", ["admin", "security", "enterprise", "privacy"],
     "Admin settings",
     "Workspace-wide settings for owners and admins: domains, branding and policies.",
     ["verified domain", "workspace branding", "data residency", "admin console",
      "workspace policy", "custom subdomain", "ownership transfer"]),
    ("troubleshooting", "Troubleshooting", ["troubleshooting", "errors"],
     "Troubleshooting",
     "Fix common errors, slow pages, failed syncs and browser problems.",
     ["browser cache", "sync error", "slow dashboard", "login loop", "missing data",
      "failed upload", "timeout error"]),
]

TAGS = [
    "account-settings", "admin", "api", "api-keys", "audit-log", "automation", "billing",
    "csv", "dashboards", "data-export", "data-import", "email", "enterprise", "errors",
    "gdpr", "google-workspace", "integrations", "invoices", "mobile", "notifications",
    "oauth", "okta", "onboarding", "password-reset", "payments", "permissions", "privacy",
    "rate-limits", "reports", "roles", "saml", "scim", "security", "seats", "slack", "sso",
    "subscriptions", "troubleshooting", "two-factor", "webhooks",
]

CATEGORIES = [
    "Getting Started", "Account Management", "Billing and Plans", "Security",
    "Integrations", "Developers", "Data Management", "Administration", "Troubleshooting",
    "Analytics",
]

TITLE_TEMPLATES = [
    "How to update your {obj}", "Set up {obj} for your workspace", "Troubleshooting {obj}",
    "Why is my {obj} not working?", "Understanding {obj}", "Manage {obj} as an admin",
    "Change {obj} settings", "{Obj} limits and quotas", "Turn {obj} on or off",
    "Frequently asked questions about {obj}", "Fix errors when you edit {obj}",
    "What happens to {obj} when you cancel", "Best practices for {obj}",
    "Who can see {obj}", "Move {obj} to another workspace", "{Obj} overview",
]
TITLE_QUALIFIERS = [
    "", "", "", " on the mobile app", " for Enterprise plans", " with SSO enabled",
    " in the EU region", " for new admins", " for guest users", " after a plan change",
    " in shared workspaces", " on the Team plan", " with the API",
]
DESCRIPTION_TEMPLATES = [
    "Learn how {obj} works and what to check when something looks wrong.",
    "Step-by-step instructions for {obj}, with the permissions you need and known limits.",
    "What admins and members should know about {obj} before changing anything.",
    "Common questions about {obj}, billing impact and where to find the setting.",
    "A quick guide to {obj} for workspace owners, admins and billing managers.",
]
HEADINGS = [
    "Before you begin", "Steps", "Requirements", "How {obj} works", "Limits",
    "Frequently asked questions", "Related settings", "What to expect",
    "Permissions you need", "Troubleshooting", "Billing impact", "Known issues",
    "Tips for admins", "Using the API",
]

POOLS = {
    "gobj": ["workspace", "billing history", "audit log", "API key", "seat count",
             "notification settings", "dashboard", "export file", "invoice",
             "webhook endpoint", "integration", "user list", "saved report",
             "permission set", "subscription", "data", "team settings", "password"],
    "role": ["admins", "workspace owners", "billing managers", "members", "guests",
             "team leads", "developers", "support agents"],
    "place": ["Settings > Billing", "Settings > Security", "the Admin console",
              "the Integrations page", "Settings > Notifications", "your profile menu",
              "Settings > API keys", "the Reports tab", "Settings > Members",
              "the Webhooks page", "the Data tab", "Settings > Workspace"],
    "button": ["Save changes", "Edit", "Add new", "Export", "Connect", "Regenerate",
               "Invite", "Download PDF", "Test delivery", "Confirm", "Manage seats",
               "Reset password", "Upgrade plan"],
    "time": ["within a few minutes", "immediately", "at the start of the next billing cycle",
             "within 24 hours", "after you sign in again", "on the next sync",
             "within one business day", "after the page reloads"],
    "plan": ["Free", "Starter", "Team", "Business", "Enterprise"],
    "error": ["401 Unauthorized", "403 Forbidden", "429 Too Many Requests",
              "invalid_signature", "expired_token", "payment_declined",
              "422 Unprocessable Entity", "503 Service Unavailable", "seat_limit_reached"],
    "duration": ["a few seconds", "one minute", "five minutes", "an hour", "a day"],
    "verb": ["update", "review", "export", "configure", "disable", "reset", "connect",
             "remove", "rename", "share", "audit", "import"],
    "event": ["an invoice is paid", "a payment fails", "a new user joins",
              "an export finishes", "a webhook delivery fails", "a seat is added",
              "an API key is created", "someone changes a role",
              "a report is ready", "a password is reset", "SSO settings change"],
    "n": ["3", "5", "10", "25", "30", "50", "100", "250", "1,000"],
    "field": ["email address", "billing address", "tax ID", "company name",
              "card number", "API key name", "endpoint URL", "signing secret",
              "recovery code", "display name"],
    "format": ["CSV", "JSON", "XLSX", "PDF", "ZIP"],
    "metric": ["active users", "seat usage", "API requests", "failed logins",
               "monthly revenue", "export volume", "webhook failures", "storage used"],
    "period": ["7 days", "30 days", "90 days", "12 months", "billing period"],
    "browser": ["Chrome", "Firefox", "Safari", "Edge"],
    "idp": ["Okta", "Azure AD", "Google Workspace", "OneLogin", "JumpCloud"],
    "app": ["Slack", "Salesforce", "Zapier", "HubSpot", "Microsoft Teams", "Jira"],
}

SENTENCES = [
    "Only {role} can change {obj} settings.",
    "To {verb} {obj}, go to {place} and select {button}.",
    "Changes to {obj} take effect {time}.",
    "If you do not see {obj}, check that your plan includes it; it is available on the {plan} plan and above.",
    "We send an email to all {role} when {event}.",
    "You can {verb} {obj} from the web app or through the API.",
    "If the request fails with {error}, wait {duration} and try again.",
    "Your {gobj} stays the same when you {verb} {obj}.",
    "For security reasons, {role} must confirm their password before they {verb} {obj}.",
    "The usage report shows {metric} for the last {period}.",
    "Exports include every field of {obj} and are delivered as a {format} file.",
    "Webhook deliveries are retried up to {n} times with exponential backoff.",
    "API keys inherit the permissions of the user who created them.",
    "Rate limits apply per workspace: {n} requests per minute on the {plan} plan.",
    "Seats are billed monthly or yearly, and unused seats are credited on your next invoice.",
    "Bookmark {place} so you can find it quickly next time.",
    "Deleted items related to {obj} can be restored for {n} days.",
    "Contact support if the problem persists after {duration}.",
    "If you use {idp} for single sign-on, changes to {obj} may need to be made there first.",
    "Clear the cache in {browser} and sign in again if {obj} still looks out of date.",
    "The audit log records who changed {obj} and when.",
    "When {event}, we also update your {gobj} automatically.",
    "Members without the right permission see a read-only view of {obj}.",
    "On the {plan} plan, you can keep up to {n} saved versions of {obj}.",
    "Most workspaces finish this in {duration}, but large accounts can take longer.",
    "Connect {app} to get a message whenever {event}.",
    "We recommend that {role} review {obj} at least once per {period}.",
    "The {error} error usually means that the {field} is missing or no longer valid.",
    "Invoices list the {field} exactly as it appears in {place}.",
    "You can filter the list by date, status or owner to find the {gobj} you need.",
    "Two-factor authentication is required for {role} on the {plan} plan.",
    "If your {field} changed, update it before you {verb} {obj} to avoid failed syncs.",
    "Each {gobj} belongs to exactly one workspace and cannot be shared across accounts.",
    "Import files can contain up to {n} thousand rows; split larger files into batches.",
    "Notifications about {obj} follow your personal quiet hours.",
    "Use a service account instead of a personal API key for long-running integrations.",
    "The dashboard refreshes {time}, so new {metric} may not appear right away.",
    "Downgrading your plan does not delete {obj}, but some settings become read-only.",
    "Admins can export the full history of {obj} as a {format} file from {place}.",
    "If you manage several workspaces, repeat these steps in each of them.",
]
BULLETS = [
    "{Obj} for {role}", "Your {gobj} and its history", "Notifications when {event}",
    "Access from {place}", "Exports in {format} format", "Limits of {n} items on the {plan} plan",
    "Support for {idp} and other identity providers", "A record in the audit log",
    "The {field} shown on invoices", "Alerts for {metric}", "The {app} integration",
    "Read-only access for {role}",
]
STEPS = [
    "Sign in as one of the {role}.", "Open {place}.", "Select **{button}**.",
    "Enter the {field}.", "Choose the {plan} plan if you are asked to upgrade.",
    "Review the summary, then select **Save changes**.",
    "Wait {duration} and refresh the page.", "Check the audit log for the change.",
    "Select **Test delivery** to confirm that everything works.",
    "Download the {format} file and keep it somewhere safe.",
]
LINK_SENTENCES = [
    "For related steps, see [{title}]({url}).",
    "If that does not help, read [{title}]({url}).",
    "You may also want to check [{title}]({url}).",
    "This works the same way as described in [{title}]({url}).",
]


def _compile(templates: list[str]) -> list[list[tuple[bool, str]]]:
    """Split "a {x} b" into [(False, "a "), (True, "x"), (False, " b")] once, up front."""
    out = []
    for t in templates:
        parts, rest = [], t
        while "{" in rest:
            pre, _, after = rest.partition("{")
            name, _, rest = after.partition("}")
            if pre:
                parts.append((False, pre))
            parts.append((True, name))
        if rest:
            parts.append((False, rest))
        out.append(parts)
    return out


C_SENTENCES = _compile(SENTENCES)
C_BULLETS = _compile(BULLETS)
C_STEPS = _compile(STEPS)


def _fill(parts, rng: random.Random, obj: str) -> str:
    out = []
    for is_slot, text in parts:
        if not is_slot:
            out.append(text)
        elif text == "obj":
            out.append(obj)
        elif text == "Obj":
            out.append(obj[0].upper() + obj[1:])
        else:
            out.append(rng.choice(POOLS[text]))
    s = "".join(out)
    return s[0].upper() + s[1:]


def _slugify(s: str) -> str:
    out, dash = [], False
    for ch in s.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------

class Meta:
    __slots__ = ("idx", "section", "obj", "title", "slug", "description", "date", "tags",
                 "category")


def _rng(seed: int, idx: int, salt: int) -> random.Random:
    return random.Random((seed * 1_000_003 + idx) * 7 + salt)


def plan_articles(n: int, seed: int) -> list[Meta]:
    """Titles, sections, slugs and front matter. Article i does not depend on N."""
    metas, used = [], {}
    epoch = _dt.date(2019, 1, 1).toordinal()
    for i in range(n):
        r = _rng(seed, i, 1)
        m = Meta()
        m.idx = i
        m.section = r.randrange(len(SECTIONS))
        m.obj = r.choice(SECTIONS[m.section][5])
        t = r.choice(TITLE_TEMPLATES)
        title = t.replace("{obj}", m.obj).replace("{Obj}", m.obj[0].upper() + m.obj[1:])
        q = r.choice(TITLE_QUALIFIERS)
        if q:
            title = title[:-1] + q + "?" if title.endswith("?") else title + q
        base = _slugify(title)
        key = (m.section, base)
        count = used.get(key, 0) + 1
        used[key] = count
        m.slug = base if count == 1 else f"{base}-{count}"
        m.title = title if count == 1 else f"{title} ({count})"
        m.description = r.choice(DESCRIPTION_TEMPLATES).replace("{obj}", m.obj)
        m.date = _dt.date.fromordinal(epoch + r.randrange(6 * 365)).isoformat()
        # 2-4 tags: one or two from the section's related tags, the rest from all 40.
        related = SECTIONS[m.section][2]
        tags = r.sample(related, min(len(related), r.randint(1, 2)))
        want = r.randint(2, 4)
        while len(tags) < want:
            t = r.choice(TAGS)
            if t not in tags:
                tags.append(t)
        m.tags = tags
        # Mostly the section's category, sometimes another one.
        m.category = SECTIONS[m.section][1] if r.random() < 0.85 else r.choice(CATEGORIES)
        metas.append(m)
    return metas


def _table(r: random.Random, obj: str) -> list[str]:
    kind = r.randrange(3)
    if kind == 0:
        head = ("Plan", f"{obj[0].upper() + obj[1:]} limit", "Retention")
        plans = r.sample(POOLS["plan"], 3)
        rows = [(p, r.choice(POOLS["n"]), r.choice(POOLS["period"])) for p in plans]
    elif kind == 1:
        head = ("Role", "Can view", "Can edit")
        roles = r.sample(POOLS["role"], 3)
        rows = [(x.capitalize(), r.choice(("Yes", "No")), r.choice(("Yes", "No", "Own items only")))
                for x in roles]
    else:
        head = ("Setting", "Default", "Where to change it")
        fields = r.sample(POOLS["field"], 3)
        rows = [(f.capitalize(), r.choice(("On", "Off", "Empty", "Workspace default")),
                 r.choice(POOLS["place"])) for f in fields]
    lines = ["| " + " | ".join(head) + " |", "| --- | --- | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


RESOURCES = ["invoices", "users", "webhooks", "exports", "reports", "seats", "api_keys",
             "dashboards", "imports", "events"]


def _code(r: random.Random) -> list[str]:
    res = r.choice(RESOURCES)
    ident = f"{res[:3]}_{r.getrandbits(40):010x}"
    if r.random() < 0.5:
        return [
            "```bash",
            f"curl -X {r.choice(('GET', 'POST', 'PATCH'))} https://api.example.com/v2/{res}/{ident} \\",
            '  -H "Authorization: Bearer $API_KEY" \\',
            '  -H "Content-Type: application/json" \\',
            f"  -d '{{\"limit\": {r.choice((10, 25, 50, 100))}, \"status\": \"{r.choice(('active', 'pending', 'failed'))}\"}}'",
            "```",
        ]
    return [
        "```json",
        "{",
        f'  "id": "{ident}",',
        f'  "type": "{res.rstrip("s")}.{r.choice(("created", "updated", "deleted", "failed"))}",',
        f'  "created_at": "2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z",',
        f'  "workspace_id": "ws_{r.getrandbits(32):08x}",',
        '  "data": {',
        f'    "status": "{r.choice(("active", "paid", "pending", "failed"))}",',
        f'    "amount": {r.randint(5, 5000)},',
        f'    "retries": {r.randint(0, 5)}',
        "  }",
        "}",
        "```",
    ]


def _words(lines) -> int:
    return sum(len(x.split()) for x in lines)


def render_article(m: Meta, metas: list[Meta], seed: int, fmt: str) -> str:
    r = _rng(seed, m.idx, 2)
    n = len(metas)
    target = round(r.triangular(440, 685, 555))  # + the last sentence: ~450-700, mean ~570

    # Link targets: two other articles (any section).
    links = []
    if n > 1:
        while len(links) < 2:
            j = r.randrange(n)
            if j != m.idx and (j not in links or n < 3):
                links.append(j)
    # Word counts use the waymark form so that both formats draw the same random numbers
    # and so hold the same prose; the Hugo form is substituted at the end.
    link_sents, hugo_links = [], []
    for j in links:
        t = metas[j]
        sec = SECTIONS[t.section][0]
        url = f"../{sec}/{t.slug}.md"
        link_sents.append(r.choice(LINK_SENTENCES).format(title=t.title, url=url))
        hugo_links.append((f"]({url})", ']({{< relref "/%s/%s.md" >}})' % (sec, t.slug)))

    # Fixed blocks.
    blocks = {
        "bullets": [f"- {_fill(p, r, m.obj)}" for p in r.sample(C_BULLETS, r.randint(3, 5))],
        "steps": [f"{k}. {_fill(p, r, m.obj)}"
                  for k, p in enumerate(r.sample(C_STEPS, r.randint(4, 6)), 1)],
        "table": _table(r, m.obj),
        "code": _code(r),
    }
    nh = r.randint(2, 4)
    headings = [h.replace("{obj}", m.obj) for h in r.sample(HEADINGS, nh)]
    fixed = sum(_words(b) for b in blocks.values()) + _words(headings) + _words(link_sents)

    # Prose up to the word target, in paragraphs of 2-5 sentences.
    sents, words, deck = [], fixed, []
    while words < target:
        if not deck:  # draw templates without repeats until all have been used
            deck = list(range(len(C_SENTENCES)))
            r.shuffle(deck)
        s = _fill(C_SENTENCES[deck.pop()], r, m.obj)
        sents.append(s)
        words += len(s.split())
    paras, k = [], 0
    while k < len(sents):
        step = r.randint(2, 5)
        paras.append(sents[k:k + step])
        k += step
    for s in link_sents:
        p = paras[r.randrange(len(paras))] if paras else None
        if p is None:
            paras.append([s])
        else:
            p.insert(r.randint(0, len(p)), s)

    # Distribute: one intro paragraph, then the rest and the fixed blocks across the sections.
    order = list(blocks)
    r.shuffle(order)
    per_section = [[] for _ in range(nh)]
    for k, name in enumerate(order):
        per_section[k % nh].append(blocks[name])
    body_paras = paras[1:]
    text_per = [[] for _ in range(nh)]
    for k, p in enumerate(body_paras):
        text_per[k % nh].append(p)

    out = [
        "---",
        f"title: {_yaml_str(m.title)}",
        f"description: {_yaml_str(m.description)}",
        f"date: {m.date}",
        "tags: [" + ", ".join(m.tags) + "]",
        f"categories: [{_yaml_str(m.category)}]",
        "---",
        "",
    ]
    if paras:
        out += [" ".join(paras[0]), ""]
    for h in range(nh):
        out += [f"## {headings[h]}", ""]
        texts, blks = text_per[h], per_section[h]
        # Interleave: paragraph, block, paragraph, block, ...
        for k in range(max(len(texts), len(blks))):
            if k < len(texts):
                out += [" ".join(texts[k]), ""]
            if k < len(blks):
                out += blks[k] + [""]
    text = "\n".join(out)
    if fmt == "hugo":
        for a, b in hugo_links:
            text = text.replace(a, b)
    return text


def section_index(slug: str, title: str, desc: str) -> str:
    return "\n".join([
        "---",
        f"title: {_yaml_str(title)}",
        f"description: {_yaml_str(desc)}",
        "---",
        "",
        f"{desc} Browse the articles below, or use search to find a specific setting.",
        "",
    ])


ROOT_INDEX = """---
title: "Bench"
description: "Synthetic help center used to benchmark static-site builds."
---

Welcome to the help center. Pick a section below to find guides about accounts, billing,
security, integrations and the API.
"""

# ---------------------------------------------------------------------------
# Site configuration and Hugo layouts
# ---------------------------------------------------------------------------

WAYMARK_TOML = """title = "Bench"
base_url = "https://example.com"
taxonomies = ["categories", "tags"]
"""

HUGO_TOML = """baseURL = "https://example.com/"
title = "Bench"
languageCode = "en"
disableKinds = []
# Same page size as waymark's default paginate_by.
paginate = 12

[taxonomies]
  category = "categories"
  tag = "tags"

[markup]
  defaultMarkdownHandler = "goldmark"
  [markup.goldmark.renderer]
    unsafe = false
  [markup.highlight]
    codeFences = true
    noClasses = true
  [markup.tableOfContents]
    startLevel = 2
    endLevel = 3
    ordered = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode | default "en" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} · {{ .Site.Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header class="site-header">
  <a class="brand" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
  <nav class="site-nav"><ul>
  {{ $cur := . }}
  {{ range .Site.Sections.ByTitle }}
    <li><a href="{{ .RelPermalink }}"{{ if or (eq $cur .) ($cur.IsDescendant .) }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
  {{ end }}
  </ul></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <p>&copy; {{ now.Year }} {{ .Site.Title }} · <a href="{{ "/tags/" | relURL }}">Tags</a> · <a href="{{ "/categories/" | relURL }}">Categories</a></p>
</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<nav class="breadcrumbs"><ol>
  {{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
  <li aria-current="page">{{ .Title }}</li>
</ol></nav>
<article class="page">
  <h1>{{ .Title }}</h1>
  <p class="meta">
    {{ with .Date }}<time datetime="{{ .Format "2006-01-02" }}">{{ .Format "January 2, 2006" }}</time>{{ end }}
    · {{ .ReadingTime }} min read · {{ .WordCount }} words
  </p>
  {{ with .GetTerms "categories" }}<p class="categories">{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
  {{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
  <aside class="toc"><h2>On this page</h2>{{ .TableOfContents }}</aside>
  <div class="content">{{ .Content }}</div>
  <nav class="prev-next">
    {{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">&larr; {{ .Title }}</a>{{ end }}
    {{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} &rarr;</a>{{ end }}
  </nav>
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<nav class="breadcrumbs"><ol>
  {{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
  <li aria-current="page">{{ .Title }}</li>
</ol></nav>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
{{ .Content }}
{{ $pag := .Paginate .Pages.ByTitle }}
<ul class="page-list">
{{ range $pag.Pages }}
  <li>
    <a href="{{ .RelPermalink }}">{{ .Title }}</a>
    {{ with .Description }}<p>{{ . }}</p>{{ else }}{{ .Summary }}{{ end }}
    <small>{{ .Date.Format "January 2, 2006" }} · {{ .ReadingTime }} min read</small>
  </li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
{{ .Content }}
<ul class="sections">
{{ range .Sections.ByTitle }}
  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }} articles)
    {{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}
</ul>
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pag := .Paginate .Pages.ByDate.Reverse }}
<ul class="page-list">
{{ range $pag.Pages }}
  <li>
    <a href="{{ .RelPermalink }}">{{ .Title }}</a>
    {{ with .Description }}<p>{{ . }}</p>{{ else }}{{ .Summary }}{{ end }}
    <small>{{ .Date.Format "January 2, 2006" }}</small>
  </li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Page not found</h1><p><a href="{{ "/" | relURL }}">Home</a></p>{{ end }}
""",
}

HUGO_CSS = """body{font:16px/1.6 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem}
.site-nav ul,.tags,.breadcrumbs ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.toc{border-left:3px solid #ddd;padding-left:1rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25rem .5rem}pre{overflow-x:auto;padding:.75rem}
"""


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

def _prepare(out_dir: str) -> None:
    if os.path.isdir(out_dir) and os.listdir(out_dir):
        if not os.path.exists(os.path.join(out_dir, MARKER)):
            sys.exit(f"gen_corpus: {out_dir} is not empty and was not made by gen_corpus.py; "
                     "refusing to overwrite it")
        shutil.rmtree(out_dir)
    os.makedirs(out_dir, exist_ok=True)


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(n: int, out_dir: str, fmt: str, seed: int) -> dict:
    _prepare(out_dir)
    _write(os.path.join(out_dir, MARKER), f"n={n} format={fmt} seed={seed}\n")
    content = os.path.join(out_dir, "content")
    os.makedirs(content)
    _write(os.path.join(content, "_index.md"), ROOT_INDEX)
    for slug, _cat, _tags, title, desc, _objs in SECTIONS:
        os.makedirs(os.path.join(content, slug))
        _write(os.path.join(content, slug, "_index.md"), section_index(slug, title, desc))

    if fmt == "waymark":
        _write(os.path.join(out_dir, "waymark.toml"), WAYMARK_TOML)
    else:
        _write(os.path.join(out_dir, "hugo.toml"), HUGO_TOML)
        for rel, text in HUGO_LAYOUTS.items():
            p = os.path.join(out_dir, "layouts", rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            _write(p, text)
        os.makedirs(os.path.join(out_dir, "static"))
        _write(os.path.join(out_dir, "static", "style.css"), HUGO_CSS)

    metas = plan_articles(n, seed)
    total_words = 0
    for m in metas:
        text = render_article(m, metas, seed, fmt)
        body = text.split("\n---\n", 1)[1]
        total_words += len(body.split())
        _write(os.path.join(content, SECTIONS[m.section][0], m.slug + ".md"), text)
    return {"articles": n, "sections": len(SECTIONS), "avg_words": total_words / max(n, 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out_dir", help="output directory (replaced if made by an earlier run)")
    ap.add_argument("--format", choices=("waymark", "hugo"), default="waymark")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.n < 0:
        ap.error("N must be >= 0")
    stats = generate(a.n, a.out_dir, a.format, a.seed)
    if not a.quiet:
        print(f"gen_corpus: {stats['articles']} articles in {stats['sections']} sections, "
              f"{stats['avg_words']:.0f} words on average ({a.format}) -> {a.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
