package codelist

import (
	"fmt"
	"strconv"
)

// EthnicSystem is a code system for ethnic groups (dân tộc). Vietnam has two
// whose codes clash ("04" is Mường in one and Hoa in the other), so a code
// is never used without its system.
type EthnicSystem uint8

const (
	// Ethnic2008 is Decision 1019/QĐ-TCTK (12 November 2008), list DanToc,
	// the one the population database and QCVN 109 use; the default.
	Ethnic2008 EthnicSystem = iota
	// Ethnic1979 is Decision 121-TCTK/PPCĐ (2 March 1979), list DanToc1979,
	// found in old records.
	Ethnic1979
)

// String returns "TCTK-1019-2008" or "TCTK-121-1979".
func (s EthnicSystem) String() string {
	switch s {
	case Ethnic2008:
		return "TCTK-1019-2008"
	case Ethnic1979:
		return "TCTK-121-1979"
	}
	return "EthnicSystem(" + strconv.Itoa(int(s)) + ")"
}

// ListName returns the name of the system's list, "DanToc" or "DanToc1979",
// or "" for an unknown system.
func (s EthnicSystem) ListName() string {
	switch s {
	case Ethnic2008:
		return ListEthnicity
	case Ethnic1979:
		return ListEthnicity1979
	}
	return ""
}

// Ethnicity is an ethnic-group code typed by its system. Two values are
// equal only if both system and code are: Kinh in 2008 and Kinh in 1979 are
// different values; convert one with [Set.ConvertEthnicity] to compare.
type Ethnicity struct {
	System EthnicSystem
	Code   string // ma in the system's list, e.g. "04"
}

// String returns the system and code, e.g. "TCTK-1019-2008:04".
func (e Ethnicity) String() string { return e.System.String() + ":" + e.Code }

// Ethnicity checks code against the list of system sys and returns it typed,
// with its entry. The error is an [*Error]: ErrUnknownCode, or ErrUnknownList
// for an unknown system or a Set without that list.
func (s *Set) Ethnicity(sys EthnicSystem, code string) (Ethnicity, Entry, error) {
	l, err := s.ethnicList(sys)
	if err != nil {
		return Ethnicity{}, Entry{}, err
	}
	e, ok := l.Lookup(code)
	if !ok {
		return Ethnicity{}, Entry{}, &Error{List: l.Name, Index: -1, Code: code, Err: ErrUnknownCode}
	}
	return Ethnicity{System: sys, Code: code}, e, nil
}

// ConvertEthnicity returns the same ethnic group in system to, following
// keThua: Ethnicity{Ethnic2008, "04"} (Mường) becomes {Ethnic1979, "06"}.
// The error is an [*Error]: ErrUnknownCode, ErrUnknownList, or
// ErrNoSuccessor for a value with no equivalent (2008 "55", foreigners).
func (s *Set) ConvertEthnicity(e Ethnicity, to EthnicSystem) (Ethnicity, error) {
	from, err := s.ethnicList(e.System)
	if err != nil {
		return Ethnicity{}, err
	}
	entry, ok := from.Lookup(e.Code)
	if !ok {
		return Ethnicity{}, &Error{List: from.Name, Index: -1, Code: e.Code, Err: ErrUnknownCode}
	}
	if e.System == to {
		return e, nil
	}
	target, err := s.ethnicList(to)
	if err != nil {
		return Ethnicity{}, err
	}
	if from.SuccessorList != target.Name || entry.Successor == "" {
		return Ethnicity{}, &Error{List: from.Name, Index: -1, Code: e.Code, Err: ErrNoSuccessor,
			Detail: "no equivalent in " + target.Name}
	}
	if _, ok := target.Lookup(entry.Successor); !ok {
		return Ethnicity{}, &Error{List: target.Name, Index: -1, Code: entry.Successor, Err: ErrUnknownCode,
			Detail: fmt.Sprintf("successor of %s %q", from.Name, e.Code)}
	}
	return Ethnicity{System: to, Code: entry.Successor}, nil
}

func (s *Set) ethnicList(sys EthnicSystem) (*List, error) {
	name := sys.ListName()
	if name == "" {
		return nil, &Error{Index: -1, Err: ErrUnknownList, Detail: "unknown ethnic system " + sys.String()}
	}
	l, ok := s.lists[name]
	if !ok {
		return nil, &Error{List: name, Index: -1, Err: ErrUnknownList}
	}
	return l, nil
}
