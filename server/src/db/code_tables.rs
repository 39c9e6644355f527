//! The regulation code tables: visa index codes (migration 0026), administrative actions
//! (migration 0027), violation codes (migration 0029), permit types (migration 0030) and member agencies
//! (migration 0031).
//! All are stored alike — a code,
//! its two labels, the days in force and the successor — and an empty day or text stands
//! for none.

use super::write::on_write_tx;
use super::{Db, WriteTx};
use pantau_shared::code_table::{CodeTable, CodeTables, DatedCode, Spelling};
use pantau_shared::identity::IsoDate;
use pantau_shared::named_code::NamedCode;
use pantau_shared::visa::VisaIndex;

/// code, two labels, the table's own column ('' where none), valid_from, valid_to,
/// successor.
type Row = (String, String, String, String, String, String, String);

/// A code table as it is stored: `Entry` is the table's code.
pub trait StoredTable {
    type Entry: DatedCode + serde::Serialize + Send + Sync;
    const TABLE: &'static str;
    /// The column a code of this table has beyond the common ones.
    const OWN_COLUMN: Option<&'static str>;
    /// What the table holds, in words for an error ("visa index code").
    const WHAT: &'static str;
    /// How a new code of the table is spelled.
    const SPELLING: Spelling;

    fn from_stored(row: Row) -> Self::Entry;
    /// The value of the table's own column.
    fn own_value(_entry: &Self::Entry) -> String {
        String::new()
    }
    /// The permit type a code leads to, which must be in force on the code's first day.
    fn leads_to_permit(_entry: &Self::Entry) -> Option<&str> {
        None
    }
}

fn none_if_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// The visa index codes.
pub struct VisaIndexTable;

impl StoredTable for VisaIndexTable {
    type Entry = VisaIndex;
    const TABLE: &'static str = "visa_indexes";
    const OWN_COLUMN: Option<&'static str> = Some("permit_type");
    const WHAT: &'static str = "visa index code";
    const SPELLING: Spelling = Spelling::Capitals { max: 8 };

    fn from_stored((code, purpose_id, purpose_en, permit, from, to, successor): Row) -> VisaIndex {
        VisaIndex {
            code,
            purpose_id,
            purpose_en,
            permit_type: none_if_empty(permit),
            valid_from: IsoDate::parse(&from).ok(),
            valid_to: IsoDate::parse(&to).ok(),
            successor: none_if_empty(successor),
        }
    }

    fn own_value(index: &VisaIndex) -> String {
        index.permit_type.clone().unwrap_or_default()
    }

    fn leads_to_permit(index: &VisaIndex) -> Option<&str> {
        index.permit_type.as_deref()
    }
}

/// A named code read from its row.
fn named_code((code, label_id, label_en, _, from, to, successor): Row) -> NamedCode {
    NamedCode {
        valid_from: IsoDate::parse(&from).ok(),
        valid_to: IsoDate::parse(&to).ok(),
        successor: none_if_empty(successor),
        ..NamedCode::new(code, label_id, label_en)
    }
}

/// The administrative actions.
pub struct ActionTable;

impl StoredTable for ActionTable {
    type Entry = NamedCode;
    const TABLE: &'static str = "administrative_actions";
    const OWN_COLUMN: Option<&'static str> = None;
    const WHAT: &'static str = "administrative action";
    const SPELLING: Spelling = Spelling::SmallSnake;

    fn from_stored(row: Row) -> NamedCode {
        named_code(row)
    }
}

/// The violation codes.
pub struct ViolationTable;

impl StoredTable for ViolationTable {
    type Entry = NamedCode;
    const TABLE: &'static str = "violation_codes";
    const OWN_COLUMN: Option<&'static str> = None;
    const WHAT: &'static str = "violation code";
    const SPELLING: Spelling = Spelling::SmallSnake;

    fn from_stored(row: Row) -> NamedCode {
        named_code(row)
    }
}

/// The types of stay permit, coded as the permits themselves are (ITK, ITAS, ...).
pub struct PermitTable;

impl StoredTable for PermitTable {
    type Entry = NamedCode;
    const TABLE: &'static str = "permit_types";
    const OWN_COLUMN: Option<&'static str> = None;
    const WHAT: &'static str = "permit type";
    const SPELLING: Spelling = Spelling::Capitals { max: 10 };

    fn from_stored(row: Row) -> NamedCode {
        named_code(row)
    }
}

/// The member agencies a team's officers come from (IMIGRASI, POLRES, SATPOL_PP, ...).
pub struct AgencyTable;

impl StoredTable for AgencyTable {
    type Entry = NamedCode;
    const TABLE: &'static str = "agencies";
    const OWN_COLUMN: Option<&'static str> = None;
    const WHAT: &'static str = "member agency";
    const SPELLING: Spelling = Spelling::CapitalSnake { max: 20 };

    fn from_stored(row: Row) -> NamedCode {
        named_code(row)
    }
}

// The table and column names come from the `StoredTable` constants, never from input.
fn select_all<T: StoredTable>() -> String {
    let [first, second] = <T::Entry as DatedCode>::LABEL_FIELDS;
    format!(
        "SELECT code, {first}, {second}, {}, valid_from, valid_to, successor FROM {} \
         ORDER BY code",
        T::OWN_COLUMN.unwrap_or("''"),
        T::TABLE
    )
}

fn table_of<T: StoredTable>(rows: Vec<Row>) -> CodeTable<T::Entry> {
    CodeTable(rows.into_iter().map(T::from_stored).collect())
}

impl WriteTx {
    async fn code_table<T: StoredTable>(&mut self) -> sqlx::Result<CodeTable<T::Entry>> {
        let select = select_all::<T>();
        let rows: Vec<Row> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(select.as_str()))
                .fetch_all(conn)
                .await?
        });
        Ok(table_of::<T>(rows))
    }

    /// Every code table, as a push judges the codes it sets.
    pub async fn code_tables(&mut self) -> sqlx::Result<CodeTables> {
        Ok(CodeTables {
            visa_indexes: self.code_table::<VisaIndexTable>().await?,
            administrative_actions: self.code_table::<ActionTable>().await?,
            violation_codes: self.code_table::<ViolationTable>().await?,
            permit_types: self.code_table::<PermitTable>().await?,
            agencies: self.code_table::<AgencyTable>().await?,
        })
    }
}

impl Db {
    /// Every code of one table, in code order.
    pub async fn code_table<T: StoredTable>(&self) -> sqlx::Result<CodeTable<T::Entry>> {
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(select_all::<T>()))
            .fetch_all(&self.pool)
            .await?;
        Ok(table_of::<T>(rows))
    }

    pub async fn code_tables(&self) -> sqlx::Result<CodeTables> {
        Ok(CodeTables {
            visa_indexes: self.code_table::<VisaIndexTable>().await?,
            administrative_actions: self.code_table::<ActionTable>().await?,
            violation_codes: self.code_table::<ViolationTable>().await?,
            permit_types: self.code_table::<PermitTable>().await?,
            agencies: self.code_table::<AgencyTable>().await?,
        })
    }

    pub async fn add_code<T: StoredTable>(
        &self,
        entry: &T::Entry,
        set_by: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        let [first, second] = <T::Entry as DatedCode>::LABEL_FIELDS;
        let (own, own_value) = match T::OWN_COLUMN {
            Some(column) => (format!(", {column}"), ", $7"),
            None => (String::new(), ""),
        };
        let insert = format!(
            "INSERT INTO {} (code, {first}, {second}, valid_from, set_by, set_at_ms{own}) \
             VALUES ($1, $2, $3, $4, $5, $6{own_value})",
            T::TABLE
        );
        let [label_one, label_two] = entry.labels();
        let mut query = sqlx::query(sqlx::AssertSqlSafe(insert))
            .bind(entry.code())
            .bind(label_one)
            .bind(label_two)
            .bind(
                entry
                    .valid_from()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            )
            .bind(set_by)
            .bind(now_ms);
        if T::OWN_COLUMN.is_some() {
            query = query.bind(T::own_value(entry));
        }
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// Sets the last day of `code` and the code that takes its place.
    pub async fn retire_code<T: StoredTable>(
        &self,
        code: &str,
        valid_to: IsoDate,
        successor: &str,
        set_by: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        let update = format!(
            "UPDATE {} SET valid_to = $2, successor = $3, set_by = $4, set_at_ms = $5 \
             WHERE code = $1",
            T::TABLE
        );
        sqlx::query(sqlx::AssertSqlSafe(update))
            .bind(code)
            .bind(valid_to.to_string())
            .bind(successor)
            .bind(set_by)
            .bind(now_ms)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
