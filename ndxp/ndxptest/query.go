package ndxptest

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// page is what a paged query asks: its size, and the key after which it starts.
type page struct {
	limit int
	after string
}

// Cursors are opaque to clients: base64url of a tag and the key of the
// last item sent, so that inserts between two pages lose nothing.
const (
	cursorMatches  = "doi-khop:"
	cursorProfiles = "ho-so:"
)

func encodeCursor(tag, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tag + key))
}

// pageParams reads gioi-han and con-tro; it answers 400 and returns false
// when one is bad.
func (c *call) pageParams(tag string) (page, bool) {
	q := c.r.URL.Query()
	pg := page{limit: wire.DefaultPageSize}
	if v := q.Get(wire.QueryLimit); v != "" || q.Has(wire.QueryLimit) {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > wire.MaxPageSize {
			c.problem(http.StatusBadRequest, wire.CodeBadRequest, fmt.Sprintf("%s=%q: want a page size from 1 to %d", wire.QueryLimit, v, wire.MaxPageSize), nil)
			return pg, false
		}
		pg.limit = n
	}
	if c.s.script != nil && c.s.script.sc.pageSize > 0 {
		pg.limit = min(pg.limit, c.s.script.sc.pageSize)
	}
	if v := q.Get(wire.QueryCursor); v != "" || q.Has(wire.QueryCursor) {
		b, err := base64.RawURLEncoding.DecodeString(v)
		key, ok := strings.CutPrefix(string(b), tag)
		if err != nil || !ok || key == "" {
			c.problem(http.StatusBadRequest, wire.CodeBadRequest, fmt.Sprintf("%s=%q: not a cursor of this query; use the X-Next-Cursor of the previous page", wire.QueryCursor, v), nil)
			return pg, false
		}
		pg.after = key
	}
	return pg, true
}

// timeParam reads an RFC 3339 query parameter; it answers 400 and returns
// false when it is bad.
func (c *call) timeParam(name string) (time.Time, bool) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		c.problem(http.StatusBadRequest, wire.CodeBadRequest, fmt.Sprintf("%s=%q: want an RFC 3339 time such as 2026-11-26T10:00:00+07:00", name, v), nil)
		return t, false
	}
	return t, true
}

// cut returns the items of sorted keys after pg.after, at most pg.limit,
// and the cursor of the next page, if more remain.
func cut(keys []string, pg page, tag string) (from, to int, next string) {
	from = sort.SearchStrings(keys, pg.after)
	if from < len(keys) && pg.after != "" && keys[from] == pg.after {
		from++
	}
	to = min(from+pg.limit, len(keys))
	if to < len(keys) {
		next = encodeCursor(tag, keys[to-1])
	}
	return from, to, next
}

// sources are the registries the national database matches against, in
// the order of the answer.
var sources = [...]packet.Source{packet.SourcePopulation, packet.SourceInsurance}

// matches serves GET /doi-khop: the caller's profiles matched against the
// simulated population and social-insurance registries.
func (c *call) matches() {
	s := c.s
	pg, ok := c.pageParams(cursorMatches)
	if !ok {
		return
	}
	since, ok := c.timeParam(wire.QuerySince)
	if !ok {
		return
	}
	var keys []string
	var results []packet.MatchResult
	s.mu.Lock()
	for _, pid := range s.sortedKeys() {
		st := s.profiles[pid]
		if !s.visible(st, c.agency) || st.changed.Before(since) {
			continue
		}
		for i, src := range sources {
			keys = append(keys, pid+"/"+strconv.Itoa(i))
			results = append(results, s.match(st, src))
		}
	}
	s.mu.Unlock()
	from, to, next := cut(keys, pg, cursorMatches)
	p := &packet.Packet{Header: s.answerHeader(packet.KindMatches, c.agency, to-from)}
	p.Records.Matches = results[from:to]
	c.setNext(next)
	c.sendPacket(http.StatusOK, p)
}

func (c *call) setNext(next string) {
	if next != "" {
		c.w.Header().Set(wire.HeaderNextCursor, next)
		c.rec.NextCursor = next
	}
}

// profiles serves GET /ho-so: the profiles the caller may see, by unit and
// time of the last change.
func (c *call) profiles() {
	s := c.s
	pg, ok := c.pageParams(cursorProfiles)
	if !ok {
		return
	}
	since, ok := c.timeParam(wire.QueryUpdatedFrom)
	if !ok {
		return
	}
	purpose, ok := c.purposeParam()
	if !ok {
		return
	}
	var unit identifier.AgencyCode
	if v := c.r.URL.Query().Get(wire.QueryUnit); v != "" {
		u, err := identifier.ParseAgencyCode(v)
		if err != nil {
			c.problem(http.StatusBadRequest, wire.CodeBadRequest, fmt.Sprintf("%s=%q: %v", wire.QueryUnit, v, err), nil)
			return
		}
		if !u.Equal(c.agency) && !u.IsUnder(c.agency) {
			c.problem(http.StatusForbidden, wire.CodeForbidden, fmt.Sprintf("unit %s is neither %s nor under it", u.Canonical(), c.agency.Canonical()), nil)
			return
		}
		unit = u
	}
	var keys []string
	var stores []*stored
	s.mu.Lock()
	for _, pid := range s.sortedKeys() {
		st := s.profiles[pid]
		if !s.visible(st, c.agency) || st.changed.Before(since) {
			continue
		}
		if !unit.IsZero() && !inUnit(st.profile, unit) {
			continue
		}
		keys = append(keys, pid)
		stores = append(stores, st)
	}
	from, to, next := cut(keys, pg, cursorProfiles)
	profiles := make([]packet.Profile, 0, to-from)
	var withheld []int
	for i, st := range stores[from:to] {
		p, w := c.shared(st, purpose)
		profiles = append(profiles, p)
		if w {
			withheld = append(withheld, i)
		}
	}
	s.mu.Unlock()
	p := &packet.Packet{Header: s.answerHeader(packet.KindSharedProfiles, c.agency, to-from)}
	p.Records.Profiles = profiles
	c.setNext(next)
	c.setWithheld(withheld)
	c.sendPacket(http.StatusOK, p)
}

// inUnit reports whether a profile is managed by, or works in, unit or a
// unit under it.
func inUnit(p packet.Profile, unit identifier.AgencyCode) bool {
	for _, u := range []identifier.AgencyCode{p.ManagingUnit, p.WorkingUnit} {
		if u.Equal(unit) || u.IsUnder(unit) {
			return true
		}
	}
	return false
}

// profile serves GET /ho-so/{SoDinhDanh}: a profile the caller manages,
// or, with the person's consent, any profile (see purposeParam).
func (c *call) profile(arg string) {
	s := c.s
	id, err := identifier.ParsePersonalID(arg)
	if err != nil {
		var ie *identifier.Error
		vi := "Số định danh cá nhân (SoDinhDanh) trong đường dẫn không đúng. Đề nghị ghi đủ 12 chữ số."
		if errors.As(err, &ie) {
			vi, _ = ie.Messages()
		}
		c.problemVI(http.StatusBadRequest, wire.CodeBadRequest, "SoDinhDanh: "+err.Error(), vi)
		return
	}
	purpose, ok := c.purposeParam()
	if !ok {
		return
	}
	s.mu.Lock()
	st, ok := s.profiles[id.String()]
	ok = ok && (s.visible(st, c.agency) || purpose.Code() == wire.PurposeConsent)
	var prof packet.Profile
	var withheld bool
	if ok {
		prof, withheld = c.shared(st, purpose)
	}
	s.mu.Unlock()
	if !ok {
		c.problem(http.StatusNotFound, wire.CodeNotFound, "no profile with this personal ID that the caller may see", nil)
		return
	}
	p := &packet.Packet{Header: s.answerHeader(packet.KindSharedProfiles, c.agency, 1)}
	p.Records.Profiles = []packet.Profile{prof}
	if withheld {
		c.setWithheld([]int{0})
	}
	c.sendPacket(http.StatusOK, p)
}

// codeList serves GET /danh-muc/{ten} from the SDK's embedded lists.
func (c *call) codeList(name string) {
	l, ok := codelist.Default().List(name)
	if !ok {
		c.problem(http.StatusNotFound, wire.CodeNotFound, fmt.Sprintf("no code list %q; the lists are %s", name, strings.Join(codelist.Default().Names(), ", ")), nil)
		return
	}
	b, err := l.MarshalJSON()
	if err != nil {
		c.problem(http.StatusInternalServerError, wire.CodeInternal, err.Error(), nil)
		return
	}
	c.send(http.StatusOK, wire.MediaJSON, b, false)
}
