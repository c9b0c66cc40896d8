//! The three fixed parts of every coaching session.

use serde::{Deserialize, Serialize};

/// Every session covers the same three buckets; the structure never changes, only the
/// dialogue inside it does. That is why this is an enum and not a table.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    #[default]
    Organization,
    Selling,
    Customer,
}

impl Bucket {
    pub const ALL: [Bucket; 3] = [Bucket::Organization, Bucket::Selling, Bucket::Customer];

    /// The stable code written to the database and to files.
    pub fn code(self) -> &'static str {
        match self {
            Bucket::Organization => "organization",
            Bucket::Selling => "selling",
            Bucket::Customer => "customer",
        }
    }

    pub fn from_code(code: &str) -> Option<Bucket> {
        Bucket::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            Bucket::Organization => "Navigating our organization",
            Bucket::Selling => "Customer and selling skills",
            Bucket::Customer => "Knowledge of the customer",
        }
    }

    /// One line that tells a new manager what belongs in the bucket.
    pub fn summary(self) -> &'static str {
        match self {
            Bucket::Organization => {
                "How well the rep works our own company: products, resources, people and teams."
            }
            Bucket::Selling => {
                "What the rep does in front of a client, from rapport and agenda to next steps."
            }
            Bucket::Customer => {
                "How well the rep understands the customer's world: why this, why now, who decides."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for bucket in Bucket::ALL {
            assert_eq!(Bucket::from_code(bucket.code()), Some(bucket));
        }
        assert_eq!(Bucket::from_code("Organization"), None);
    }
}
