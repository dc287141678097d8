package codelist

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"time"
)

// MaxSize is the largest input Load reads, in bytes.
const MaxSize = 8 << 20

// Load reads a code list in the file format of the embedded lists, or as
// the national service answers GET /danh-muc/{ten}:
//
//	{"ten": "TonGiao", "phienBan": "2025.07", "nguon": "…", "moTa": "…", "danhMucKeThua": "…",
//	 "muc": [{"ma": "99", "ten": "Không", "xacNhan": false, "nhom": "…",
//	          "hieuLucTu": "2008-11-12", "hieuLucDen": "2025-07-01", "keThua": "…", "biDanhCua": "00",
//	          "ghiChu": "…"}]}
//
// Only ten, muc[].ma and muc[].ten are required; an entry without xacNhan
// is confirmed, so that a list from the national service is authoritative.
// Dates are YYYY-MM-DD. Load rejects unknown fields, an empty or duplicate
// code, an entry without a name, a keThua in a list without danhMucKeThua,
// a biDanhCua that is not the code of another, non-alias entry of the list,
// and input over [MaxSize] bytes. Duplicate JSON keys are not detected: the
// last one wins. A list with no entries is valid.
//
// Errors about the content are [*Error] values naming the field and entry.
func Load(r io.Reader) (*List, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("codelist: reading list: %w", err)
	}
	if len(data) > MaxSize {
		return nil, &Error{Index: -1, Err: ErrTooLarge, Detail: fmt.Sprintf("over %d bytes", MaxSize)}
	}
	return parse(data)
}

// LoadFile is Load of the named file; an [*Error] it returns has File set.
func LoadFile(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l, err := Load(f)
	if e, ok := errors.AsType[*Error](err); ok {
		e.File = path
	}
	return l, err
}

// field is one member of a JSON object that parse accepts.
type field struct {
	name string
	dst  any
}

// decodeObject decodes the members of obj into fields, then rejects members
// it does not know (after decoding, so that the error can name the code).
// It returns the name of the member at fault with the error.
func decodeObject(obj map[string]json.RawMessage, fields []field) (string, error) {
	for _, f := range fields {
		if raw, ok := obj[f.name]; ok {
			if err := json.Unmarshal(raw, f.dst); err != nil {
				return f.name, err
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if !slices.ContainsFunc(fields, func(f field) bool { return f.name == k }) {
			return k, errors.New("unknown field")
		}
	}
	return "", nil
}

// describe turns an encoding/json error into a message that names no Go type.
func describe(err error) string {
	if e, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fmt.Sprintf("invalid JSON at byte %d: %v", e.Offset, e)
	}
	if e, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return "wrong JSON type: " + e.Value
	}
	return err.Error()
}

func parse(data []byte) (*List, error) {
	l := &List{index: make(map[string]int)}
	fail := func(index int, code, fieldName, detail string) error {
		return &Error{List: l.Name, Index: index, Code: code, Field: fieldName, Err: ErrMalformedList, Detail: detail}
	}

	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fail(-1, "", "", describe(err))
	}
	if top == nil {
		return nil, fail(-1, "", "", "not a JSON object")
	}
	var muc []json.RawMessage
	if name, err := decodeObject(top, []field{
		{"ten", &l.Name},
		{"phienBan", &l.Version},
		{"nguon", &l.Source},
		{"moTa", &l.Description},
		{"danhMucKeThua", &l.SuccessorList},
		{"muc", &muc},
	}); err != nil {
		return nil, fail(-1, "", name, describe(err))
	}
	if l.Name == "" {
		return nil, fail(-1, "", "ten", "missing or empty")
	}

	l.entries = make([]Entry, 0, len(muc))
	for i, raw := range muc {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
			return nil, fail(i, "", "", "not a JSON object")
		}
		var (
			e           Entry
			confirmed   *bool
			from, until string
		)
		if name, err := decodeObject(obj, []field{
			{"ma", &e.Code},
			{"ten", &e.Name},
			{"xacNhan", &confirmed},
			{"nhom", &e.Group},
			{"hieuLucTu", &from},
			{"hieuLucDen", &until},
			{"keThua", &e.Successor},
			{"biDanhCua", &e.AliasOf},
			{"ghiChu", &e.Note},
		}); err != nil {
			return nil, fail(i, e.Code, name, describe(err))
		}
		e.Confirmed = confirmed == nil || *confirmed
		if e.Code == "" {
			return nil, fail(i, "", "ma", "missing or empty")
		}
		if j, dup := l.index[e.Code]; dup {
			return nil, fail(i, e.Code, "ma", fmt.Sprintf("duplicate of muc[%d]", j))
		}
		if e.Name == "" {
			return nil, fail(i, e.Code, "ten", "missing or empty")
		}
		var err error
		if e.ValidFrom, err = parseDate(from); err != nil {
			return nil, fail(i, e.Code, "hieuLucTu", err.Error())
		}
		if e.ValidUntil, err = parseDate(until); err != nil {
			return nil, fail(i, e.Code, "hieuLucDen", err.Error())
		}
		if !e.ValidFrom.IsZero() && !e.ValidUntil.IsZero() && !e.ValidFrom.Before(e.ValidUntil) {
			return nil, fail(i, e.Code, "hieuLucDen", "not after hieuLucTu")
		}
		if e.Successor != "" && l.SuccessorList == "" {
			return nil, fail(i, e.Code, "keThua", "set in a list without danhMucKeThua")
		}
		l.index[e.Code] = i
		l.entries = append(l.entries, e)
	}

	// References within the list can be checked only once all codes are known.
	for i, e := range l.entries {
		if e.AliasOf != "" {
			j, ok := l.index[e.AliasOf]
			switch {
			case !ok:
				return nil, fail(i, e.Code, "biDanhCua", fmt.Sprintf("alias of unknown code %q", e.AliasOf))
			case j == i:
				return nil, fail(i, e.Code, "biDanhCua", "alias of itself")
			case l.entries[j].AliasOf != "":
				return nil, fail(i, e.Code, "biDanhCua", fmt.Sprintf("alias of %q, itself an alias", e.AliasOf))
			}
		}
		if e.Successor != "" && l.SuccessorList == l.Name {
			if _, ok := l.index[e.Successor]; !ok {
				return nil, fail(i, e.Code, "keThua", fmt.Sprintf("unknown code %q", e.Successor))
			}
		}
	}
	return l, nil
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date YYYY-MM-DD, got %q", s)
	}
	return t, nil
}
