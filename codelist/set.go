package codelist

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed data/*.json
var data embed.FS

// The embedded files that are not code lists.
const (
	salaryFile     = "data/bangluong.json"
	disciplineFile = "data/kyluat.json"
)

// Set is a collection of code lists by name, plus the salary tables and the
// forms of discipline by kind of person. It is
// read-only once built, so it is safe for concurrent use; change one with
// [Set.With], which makes a new Set. The zero Set is empty.
type Set struct {
	lists      map[string]*List
	scales     salaryTables       // table -> salary group -> coefficients in hundredths
	discipline []DisciplineRegime // by kind of person, then from the earliest
}

var defaultSet = sync.OnceValue(func() *Set {
	s, err := loadEmbedded()
	if err != nil {
		panic(err) // the tests guarantee the embedded data is sound
	}
	return s
})

// Default returns the embedded lists, salary tables and discipline regimes. It parses them on
// the first call; every call returns the same Set, which is never changed.
func Default() *Set { return defaultSet() }

// NewSet returns a Set of the lists and the embedded salary tables and
// discipline regimes. A later
// list replaces an earlier one of the same name. The Set keeps copies: later
// changes to the exported fields of the lists do not affect it.
func NewSet(lists ...*List) *Set {
	return (&Set{scales: embeddedScales(), discipline: embeddedDiscipline()}).With(lists...)
}

// With returns a copy of s in which the lists replace those of the same
// name; s is unchanged. It is how a caller overrides an embedded list, e.g.
// with one fetched from the national service:
//
//	set := codelist.Default().With(tinh)
func (s *Set) With(lists ...*List) *Set {
	n := &Set{lists: maps.Clone(s.lists), scales: s.scales, discipline: s.discipline}
	if n.lists == nil {
		n.lists = make(map[string]*List, len(lists))
	}
	for _, l := range lists {
		if l != nil {
			c := *l
			n.lists[c.Name] = &c
		}
	}
	return n
}

// List returns the list of that name. It is a copy of the Set's (the
// entries, which nothing changes, are shared), so changing its exported
// fields does not change s.
func (s *Set) List(name string) (*List, bool) {
	l, ok := s.lists[name]
	if !ok {
		return nil, false
	}
	c := *l
	return &c, true
}

// Names returns the names of the lists, sorted.
func (s *Set) Names() []string {
	return slices.Sorted(maps.Keys(s.lists))
}

// Successor returns the entry that code maps to (keThua) in the successor
// list (danhMucKeThua) of list listName: for TinhTruoc2025 "02" (Hà Giang),
// the entry "08" (Tuyên Quang) of Tinh. An alias is resolved first. It
// reports false if the list, the code, its successor or the successor list
// is unknown.
func (s *Set) Successor(listName, code string) (Entry, bool) {
	l, ok := s.lists[listName]
	if !ok {
		return Entry{}, false
	}
	e, ok := l.Resolve(code)
	if !ok || e.Successor == "" {
		return Entry{}, false
	}
	next, ok := s.lists[l.SuccessorList]
	if !ok {
		return Entry{}, false
	}
	return next.Lookup(e.Successor)
}

func loadEmbedded() (*Set, error) {
	files, err := fs.Glob(data, "data/*.json")
	if err != nil {
		return nil, err
	}
	s := &Set{lists: make(map[string]*List), scales: embeddedScales(), discipline: embeddedDiscipline()}
	for _, name := range files {
		if name == salaryFile || name == disciplineFile {
			continue
		}
		b, err := data.ReadFile(name)
		if err != nil {
			return nil, err
		}
		l, err := parseTrusted(b)
		if e, ok := errors.AsType[*Error](err); ok {
			e.File = name
		}
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); l.Name != want {
			return nil, &Error{File: name, List: l.Name, Index: -1, Field: "ten", Err: ErrMalformedList,
				Detail: fmt.Sprintf("list %q in file of %q", l.Name, want)}
		}
		s.lists[l.Name] = l
	}
	if err := s.checkSuccessors(); err != nil {
		return nil, err
	}
	return s, nil
}

// checkSuccessors checks that every keThua is a code of the list named by
// danhMucKeThua, which Load cannot do for a list alone.
func (s *Set) checkSuccessors() error {
	for _, name := range s.Names() {
		l := s.lists[name]
		if l.SuccessorList == "" {
			continue
		}
		next, ok := s.lists[l.SuccessorList]
		if !ok {
			return &Error{List: name, Index: -1, Field: "danhMucKeThua", Err: ErrUnknownList,
				Detail: fmt.Sprintf("%q", l.SuccessorList)}
		}
		for i, e := range l.entries {
			if _, ok := next.index[e.Successor]; e.Successor != "" && !ok {
				return &Error{List: name, Index: i, Code: e.Code, Field: "keThua", Err: ErrUnknownCode,
					Detail: fmt.Sprintf("%q is not in %s", e.Successor, l.SuccessorList)}
			}
		}
	}
	return nil
}
