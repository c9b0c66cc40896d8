//! The words of the demo team: names, accounts and the phrases notes are made of.
//! Invented for Coachbook; any likeness to real people or companies is chance.

use crate::domain::Bucket;

/// Skills the large demo adds to the shipped framework, to reach forty.
pub const EXTRA_SKILLS: &[(Bucket, &str)] = &[
    (Bucket::Organization, "Forecast accuracy"),
    (Bucket::Organization, "CRM discipline"),
    (Bucket::Organization, "Partner collaboration"),
    (Bucket::Organization, "Pricing approvals"),
    (Bucket::Organization, "Legal and procurement"),
    (Bucket::Organization, "Territory planning"),
    (Bucket::Selling, "Storytelling"),
    (Bucket::Selling, "Objection handling"),
    (Bucket::Selling, "Negotiation"),
    (Bucket::Selling, "Demo delivery"),
    (Bucket::Selling, "Written follow-up"),
    (Bucket::Selling, "Handling silence"),
    (Bucket::Selling, "Closing"),
    (Bucket::Customer, "Decision process"),
    (Bucket::Customer, "Budget and timing"),
    (Bucket::Customer, "Competitive landscape"),
    (Bucket::Customer, "Risks of doing nothing"),
    (Bucket::Customer, "Technical fit"),
    (Bucket::Customer, "Executive priorities"),
];

pub const FIRST_NAMES: &[&str] = &[
    "Dana", "Marcus", "Priya", "Tomás", "Aisha", "Jonas", "Mei", "Oliver", "Sofia", "Kwame",
    "Hannah", "Rafael", "Ingrid", "Samir", "Chloé", "Declan",
];

pub const LAST_NAMES: &[&str] = &[
    "Whitfield",
    "Okafor",
    "Raman",
    "Castillo",
    "Bergström",
    "Novak",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Brennan",
    "Costa",
    "Adeyemi",
    "Fischer",
    "Kowalski",
    "Duarte",
];

pub const ACCOUNTS: &[&str] = &[
    "Northwind Logistics",
    "Bluefin Insurance",
    "Harbor & Pike",
    "Cedar Health",
    "Atlas Freight",
    "Lumen Retail",
    "Quarry Foods",
    "Vantage Energy",
    "Orchid Pharma",
    "Summit Credit Union",
    "Ironbridge Manufacturing",
    "Palisade Hotels",
    "Kestrel Telecom",
    "Mosaic Media",
    "Riverside Council",
];

pub const CALL_OPENINGS: &[&str] = &[
    "On the discovery call with",
    "In the demo for",
    "During the renewal meeting with",
    "On the recorded call with",
    "In the first meeting with",
    "On the pricing call with",
    "During the workshop at",
];

pub const AFTERTHOUGHTS: &[&str] = &[
    "We talked it through in the car afterwards.",
    "The customer responded well.",
    "Worth picking up in the next session.",
    "Rep agreed with the read-out.",
    "Second time I have seen this.",
    "A clear change from last quarter.",
    "",
    "",
];

pub const PURPOSES: &[&str] = &[
    "Review the pipeline deals that need help this month",
    "Prepare for the quarterly business review",
    "Work on discovery questions before the next customer meetings",
    "Follow up the last ride-along",
    "Plan the approach to the largest open opportunity",
    "Check progress on last session's commitments",
];

pub const OUTCOMES: &[&str] = &[
    "A deal plan for the top two opportunities",
    "Three agreed changes to the discovery call",
    "A clear ask for the economic buyer meeting",
    "An agreed development focus for the next month",
    "Next steps owned and dated",
];

pub const SUMMARIES: &[&str] = &[
    "Good energy. Agreed to run the next discovery call with a written upfront contract.",
    "Pipeline is healthy but single-threaded in two deals; focus on reaching the buyers.",
    "Went deep on one account; the value story still sounds like our brochure.",
    "Strong listening on the recorded call; questioning is the next step up.",
    "Rep is stretched by quarter-end; kept it short and focused on one deal.",
    "Reviewed commitments: two done, one carried over. Practised asking for access.",
];

pub const SHARED_NOTES: &[&str] = &[
    "Discussed who else from our side should join the next meeting.",
    "Walked through the customer's reasons for acting now.",
    "Role-played the opening of the next call with an agenda.",
    "Reviewed how the last proposal linked to confirmed needs.",
    "Mapped the people who own the pain in the account.",
    "Talked about asking plainly for the next step.",
];

pub const PRIVATE_NOTES: &[&str] = &[
    "Seems tired; check workload with the team lead.",
    "Possible candidate for the senior AE opening.",
    "Was defensive about the lost deal; approach gently next time.",
    "Confidence is up since the last win.",
    "",
];

/// Next steps a rep or a manager agrees to; `{account}` is filled in.
pub const REP_COMMITMENTS: &[&str] = &[
    "Send {account} a written recap with owners and dates",
    "Book a meeting with the finance lead at {account}",
    "Write three discovery questions for the next {account} call",
    "Open the next {account} meeting with an agreed agenda",
    "Ask {account} what success will look like in numbers",
    "Build the stakeholder map for {account}",
];

pub const MANAGER_COMMITMENTS: &[&str] = &[
    "Introduce the solutions engineer for {account}",
    "Join the {account} call as an observer",
    "Share the pricing case study relevant to {account}",
];
