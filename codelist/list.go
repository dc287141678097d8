package codelist

import (
	"encoding/json"
	"iter"
	"time"
)

// Entry is one value of a code list (mục danh mục).
type Entry struct {
	Code      string // ma: the code, as it goes on the wire
	Name      string // ten: Vietnamese name, NFC, with diacritics
	Confirmed bool   // xacNhan: the value is confirmed by a public source
	Group     string // nhom: a group the value belongs to, e.g. the salary group A1 of a rank

	// ValidFrom (hieuLucTu) is the first day the code is valid; zero means always.
	ValidFrom time.Time
	// ValidUntil (hieuLucDen) is the first day the code is no longer valid;
	// zero means open. Both are dates at 00:00 UTC.
	ValidUntil time.Time

	Successor string // keThua: the code of the equivalent entry in the list's SuccessorList
	AliasOf   string // biDanhCua: the code in the same list this code is another spelling of

	// Note (ghiChu) says, in Vietnamese, why the entry is closed or what
	// replaced it, citing the text that did: for a closed rank, the
	// circular that replaced it.
	Note string
}

// ValidOn reports whether the code is valid on the calendar day of t, read
// in t's own location: 2025-07-01T00:30+07:00 is 1 July even though it is
// still 30 June in UTC.
func (e Entry) ValidOn(t time.Time) bool {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if !e.ValidFrom.IsZero() && day.Before(e.ValidFrom) {
		return false
	}
	return e.ValidUntil.IsZero() || day.Before(e.ValidUntil)
}

// List is one code list (danh mục), read-only once loaded. Get one from a
// [Set] or from [Load].
type List struct {
	Name        string // ten: the list's name, also its name on the wire (GET /danh-muc/{ten})
	Version     string // phienBan
	Source      string // nguon: where the values come from
	Description string // moTa: one line in English
	// SuccessorList (danhMucKeThua) names the list that the entries'
	// Successor codes belong to.
	SuccessorList string

	entries []Entry
	index   map[string]int // code -> position in entries
}

// Lookup returns the entry with the code. It does not follow AliasOf and
// does not allocate.
func (l *List) Lookup(code string) (Entry, bool) {
	i, ok := l.index[code]
	if !ok {
		return Entry{}, false
	}
	return l.entries[i], true
}

// Resolve is like Lookup but returns the entry an alias stands for: in
// TonGiao, Resolve("99") returns the entry of "00". Load guarantees that
// an alias points to an entry that is not itself an alias.
func (l *List) Resolve(code string) (Entry, bool) {
	e, ok := l.Lookup(code)
	if !ok || e.AliasOf == "" {
		return e, ok
	}
	return l.Lookup(e.AliasOf)
}

// All returns the entries in the order of the list file.
func (l *List) All() iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		for _, e := range l.entries {
			if !yield(e) {
				return
			}
		}
	}
}

// Len returns the number of entries, aliases included.
func (l *List) Len() int { return len(l.entries) }

// MarshalJSON writes the list in the file format that [Load] reads, so that
// a list fetched from the national service can be kept in a file.
func (l *List) MarshalJSON() ([]byte, error) {
	f := jsonList{
		Ten:           l.Name,
		PhienBan:      l.Version,
		Nguon:         l.Source,
		MoTa:          l.Description,
		DanhMucKeThua: l.SuccessorList,
		Muc:           make([]jsonEntry, len(l.entries)),
	}
	for i, e := range l.entries {
		j := jsonEntry{
			Ma:         e.Code,
			Ten:        e.Name,
			Nhom:       e.Group,
			HieuLucTu:  formatDate(e.ValidFrom),
			HieuLucDen: formatDate(e.ValidUntil),
			KeThua:     e.Successor,
			BiDanhCua:  e.AliasOf,
			GhiChu:     e.Note,
		}
		if !e.Confirmed {
			j.XacNhan = new(false)
		}
		f.Muc[i] = j
	}
	return json.Marshal(f)
}

// jsonList and jsonEntry are the file format, for writing only: Load reads
// field by field to name the field that is wrong.
type jsonList struct {
	Ten           string      `json:"ten"`
	PhienBan      string      `json:"phienBan,omitempty"`
	Nguon         string      `json:"nguon,omitempty"`
	MoTa          string      `json:"moTa,omitempty"`
	DanhMucKeThua string      `json:"danhMucKeThua,omitempty"`
	Muc           []jsonEntry `json:"muc"`
}

type jsonEntry struct {
	Ma         string `json:"ma"`
	Ten        string `json:"ten"`
	XacNhan    *bool  `json:"xacNhan,omitempty"`
	Nhom       string `json:"nhom,omitempty"`
	HieuLucTu  string `json:"hieuLucTu,omitempty"`
	HieuLucDen string `json:"hieuLucDen,omitempty"`
	KeThua     string `json:"keThua,omitempty"`
	BiDanhCua  string `json:"biDanhCua,omitempty"`
	GhiChu     string `json:"ghiChu,omitempty"`
}

const dateLayout = "2006-01-02"

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}
