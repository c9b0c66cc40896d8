//! Whether the rows of an archive fit together: every value a column uses to name a row
//! of another table (an observation's skill, a rep's role) is held by a row of that
//! table. Tables come in name order, so a row may name one that comes later; the values
//! named are remembered once each, with the first row that named them, and looked up when
//! the whole archive is read. The check and the import find the same first gap.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;

use crate::store::tables::Table;

/// A value one row names and another holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Named {
    Int(i64),
    Text(String),
}

impl Named {
    fn of(value: &Value) -> Option<Named> {
        match value {
            Value::Integer(i) => Some(Named::Int(*i)),
            Value::Text(t) => Some(Named::Text(t.clone())),
            _ => None,
        }
    }

    fn show(&self) -> String {
        match self {
            Named::Int(i) => i.to_string(),
            Named::Text(t) => format!("\"{}\"", crate::domain::error::excerpt(t)),
        }
    }
}

/// A column of a table, as `(table, column)`.
type Place = (String, String);

/// The first row to name a value: its table, row number and column.
struct Naming {
    table: String,
    row: usize,
    column: String,
}

/// Where one table's values go: the columns other rows name, and the columns naming them.
#[derive(Default)]
struct Roles {
    held: Vec<(usize, Place)>,
    naming: Vec<(usize, Place)>,
}

#[derive(Default)]
pub(super) struct Links {
    roles: HashMap<String, Roles>,
    /// The columns other rows name, each with the values its rows hold.
    held: HashMap<Place, HashSet<Named>>,
    /// The values named, by the column they must be found in, with the first row naming
    /// each.
    named: HashMap<Place, HashMap<Named, Naming>>,
}

impl Links {
    /// Links among the tables of `schema`.
    pub(super) fn new(schema: &[Table]) -> Links {
        let mut links = Links::default();
        for link in schema.iter().flat_map(|t| &t.links) {
            let place = (link.parent.clone(), link.parent_column.clone());
            links.held.insert(place.clone(), HashSet::new());
            links.named.insert(place, HashMap::new());
        }
        for table in schema {
            let at = |column: &str| table.columns.iter().position(|c| c.name == column);
            let roles = Roles {
                held: table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i, (table.name.clone(), c.name.clone())))
                    .filter(|(_, place)| links.held.contains_key(place))
                    .collect(),
                naming: table
                    .links
                    .iter()
                    .filter_map(|l| {
                        Some((at(&l.column)?, (l.parent.clone(), l.parent_column.clone())))
                    })
                    .collect(),
            };
            links.roles.insert(table.name.clone(), roles);
        }
        links
    }

    /// Notes what row `row` of `table` holds and names; `values` in the table's order.
    pub(super) fn row(&mut self, table: &Table, row: usize, values: &[Value]) {
        let Some(roles) = self.roles.get(&table.name) else {
            return;
        };
        for (at, place) in &roles.held {
            if let (Some(held), Some(value)) = (self.held.get_mut(place), Named::of(&values[*at])) {
                held.insert(value);
            }
        }
        for (at, place) in &roles.naming {
            if let (Some(named), Some(value)) = (self.named.get_mut(place), Named::of(&values[*at]))
            {
                named.entry(value).or_insert_with(|| Naming {
                    table: table.name.clone(),
                    row,
                    column: table.columns[*at].name.clone(),
                });
            }
        }
    }

    /// The first row (by table name, then row) that names a value no row holds, in words.
    pub(super) fn first_gap(&self) -> Option<String> {
        let mut gaps: Vec<(&Place, &Named, &Naming)> = self
            .named
            .iter()
            .flat_map(|(place, named)| {
                named
                    .iter()
                    .map(move |(value, naming)| (place, value, naming))
            })
            .filter(|(place, value, _)| !self.held.get(*place).is_some_and(|h| h.contains(*value)))
            .collect();
        gaps.sort_by(|a, b| (&a.2.table, a.2.row).cmp(&(&b.2.table, b.2.row)));
        let ((parent, parent_column), value, naming) = gaps.first()?;
        Some(format!(
            "row {} of the table \"{}\" names {} in its column \"{}\", but no row of the table \"{parent}\" has that {parent_column}",
            naming.row,
            naming.table,
            value.show(),
            naming.column,
        ))
    }
}
