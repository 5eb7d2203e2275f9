//! The columns of a roster spreadsheet and how a header row is understood.
//!
//! People rename, reorder and decorate headers ("手机号码（必填）", "出生 日期", "Birth date"),
//! so a header cell is compared after dropping spaces, a trailing note in brackets, required
//! markers and case, against the Chinese name and its usual variants and English aliases.

use super::cell::Cell;

/// A roster field an import fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Org,
    Gender,
    BirthDate,
    Phone,
    Email,
    MemberType,
    JoinedParty,
    Positions,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Name,
        Field::Org,
        Field::Gender,
        Field::BirthDate,
        Field::Phone,
        Field::Email,
        Field::MemberType,
        Field::JoinedParty,
        Field::Positions,
    ];

    /// Stable name for the API.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Org => "org",
            Field::Gender => "gender",
            Field::BirthDate => "birth_date",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::MemberType => "member_type",
            Field::JoinedParty => "joined_party",
            Field::Positions => "positions",
        }
    }

    /// The column's name for people: the roster's field label.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Name => "member.field.name",
            Field::Org => "member.field.org",
            Field::Gender => "member.field.gender",
            Field::BirthDate => "member.field.birth_date",
            Field::Phone => "member.field.phone",
            Field::Email => "member.field.email",
            Field::MemberType => "member.field.member_type",
            Field::JoinedParty => "member.field.joined_party",
            Field::Positions => "member.field.positions",
        }
    }

    /// Header texts taken for this column, in their compared form (see [`normalise`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["姓名", "党员姓名", "name", "fullname"],
            Field::Org => &[
                "所在组织",
                "组织",
                "所在党组织",
                "党组织",
                "所在支部",
                "支部",
                "组织名称",
                "org",
                "organisation",
                "organization",
            ],
            Field::Gender => &["性别", "gender", "sex"],
            Field::BirthDate => &[
                "出生日期",
                "出生年月",
                "出生年月日",
                "生日",
                "birthdate",
                "dateofbirth",
                "birthday",
            ],
            Field::Phone => &[
                "手机号码",
                "手机",
                "手机号",
                "联系电话",
                "电话",
                "电话号码",
                "联系方式",
                "phone",
                "mobile",
                "mobilephone",
                "phonenumber",
            ],
            Field::Email => &["电子邮箱", "邮箱", "电子邮件", "email", "mail"],
            Field::MemberType => &[
                "党员类型",
                "党员类别",
                "人员类别",
                "类型",
                "membertype",
                "type",
            ],
            Field::JoinedParty => &[
                "入党日期",
                "入党时间",
                "入党年月",
                "datejoined",
                "joined",
                "joinedparty",
                "joinedtheparty",
            ],
            Field::Positions => &["职务", "党内职务", "职位", "positions", "position"],
        }
    }

    /// The field a header cell names, if any.
    pub fn of_header(text: &str) -> Option<Field> {
        let key = normalise(text);
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }
}

/// The compared form of a header: no spaces, underscores, dashes or required markers, no
/// bracketed note after the name, lower case.
pub fn normalise(header: &str) -> String {
    let head = header.split(['(', '（', '[']).next().unwrap_or_default();
    head.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '*' | '＊' | ':' | '：'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header row as understood: where each known column is.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The spreadsheet row it is on.
    pub row: u32,
    /// (field, 0-based column, the header's text as written)
    columns: Vec<(Field, usize, String)>,
    /// Columns named twice: (field, header text of the second one).
    pub repeated: Vec<(Field, String)>,
}

impl Header {
    pub fn read(row: u32, cells: &[Cell]) -> Header {
        let mut header = Header {
            row,
            ..Header::default()
        };
        for (i, cell) in cells.iter().enumerate() {
            let text = cell.text();
            let Some(field) = Field::of_header(&text) else {
                continue;
            };
            if header.index(field).is_some() {
                header.repeated.push((field, text.into_owned()));
            } else {
                header.columns.push((field, i, text.trim().to_owned()));
            }
        }
        header
    }

    pub fn index(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, ..)| *f == field)
            .map(|(_, i, _)| *i)
    }

    /// The header's text as the file writes it.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.columns
            .iter()
            .find(|(f, ..)| *f == field)
            .map(|(.., t)| t.as_str())
    }

    /// The cell of `field` in a data row.
    pub fn cell<'c>(&self, cells: &'c [Cell], field: Field) -> &'c Cell {
        self.index(field)
            .and_then(|i| cells.get(i))
            .unwrap_or(&Cell::Empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_however_they_are_written() {
        for (text, field) in [
            ("姓名", Field::Name),
            (" 姓 名 ", Field::Name),
            ("姓名*", Field::Name),
            ("手机号码（必填）", Field::Phone),
            ("Birth date", Field::BirthDate),
            ("birth_date", Field::BirthDate),
            ("Date of birth", Field::BirthDate),
            ("E-mail", Field::Email),
            ("Member type", Field::MemberType),
            ("Joined the Party", Field::JoinedParty),
            ("所在组织", Field::Org),
        ] {
            assert_eq!(Field::of_header(text), Some(field), "{text}");
        }
        assert_eq!(Field::of_header("备注"), None);
    }

    #[test]
    fn a_header_row_finds_columns_in_any_order_and_notes_repeats() {
        let cells: Vec<Cell> = ["手机", "", "姓名", "备注", "电话"]
            .iter()
            .map(|s| Cell::Text((*s).to_owned()))
            .collect();
        let h = Header::read(1, &cells);
        assert_eq!(h.index(Field::Name), Some(2));
        assert_eq!(h.index(Field::Phone), Some(0));
        assert_eq!(h.text(Field::Phone), Some("手机"));
        assert_eq!(h.repeated, vec![(Field::Phone, "电话".to_owned())]);
        assert_eq!(h.index(Field::Org), None);
    }
}
