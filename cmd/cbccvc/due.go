package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

const dueUsage = `Usage: cbccvc due [flags] FILE

List the change events of a BIENDONG packet (FILE, or - for standard input)
by deadline: Decree 27/2026/NĐ-CP gives an agency 3 working days from the
day a change arises (its decision's date, else NgayHieuLuc) to update the
national database. Each line gives the deadline, the state of the change
today, the record, and the day it arose:

  LATE       the deadline has passed (quá hạn)
  DUE-TODAY  today is the last day (hết hạn hôm nay)
  DUE-NEXT   the next working day is the last day (hết hạn vào ngày làm việc tới)
  ON-TIME    later (còn hạn)

A deadline counted through a year without an official holiday schedule is
marked "computed". Exit status: 0 when no change is late, 1 when some change
is late, 2 on a usage error or a packet that cannot be read.

Flags:
`

// The states of a change event's deadline.
const (
	dueLate     = "LATE"
	dueLastDay  = "DUE-TODAY"
	dueNext     = "DUE-NEXT"
	dueInTime   = "ON-TIME"
	dueNoDate   = "NO-DATE"
	dueDateFrom = "QuyetDinh/Ngay"
)

// dueLine is one change event, as -json prints it.
type dueLine struct {
	Record     string `json:"record"` // JSON Pointer of the record
	ID         string `json:"id"`     // MaBienDong
	PersonalID string `json:"personalId"`
	Kind       string `json:"kind"`
	Arose      string `json:"arose,omitempty"` // YYYY-MM-DD
	AroseFrom  string `json:"aroseFrom,omitempty"`
	Due        string `json:"due,omitempty"` // YYYY-MM-DD
	State      string `json:"state"`
	Computed   bool   `json:"computed,omitempty"` // the deadline went through a computed year
}

// dueEntry is what readDue keeps of a change event: a few dozen bytes, so
// that a packet of 100,000 changes is listed in a few megabytes.
type dueEntry struct {
	index      int
	id         uuid.UUID
	pid        identifier.PersonalID
	kind       string
	arose, due packet.Date
	byDecision bool
	computed   bool
	state      string
}

// line is the entry as printed.
func (en dueEntry) line() dueLine {
	l := dueLine{Record: packet.RecordPointer(en.index, ""), ID: en.id.String(), PersonalID: en.pid.String(), Kind: en.kind,
		State: en.state, Computed: en.computed}
	if !en.arose.IsZero() {
		l.Arose, l.Due, l.AroseFrom = en.arose.String(), en.due.String(), "NgayHieuLuc"
		if en.byDecision {
			l.AroseFrom = dueDateFrom
		}
	}
	return l
}

func runDue(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("due", dueUsage)
	formatName := fs.String("format", "auto", "packet format: auto, json or xml")
	asJSON := fs.Bool("json", false, "print one JSON object per change event")
	nowFlag := fs.String("now", "", "the day to judge by, YYYY-MM-DD (default: today in Vietnam)")
	calFile := fs.String("calendar", "", "a calendar file (LichLamViec) whose years replace the embedded ones")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("give one file (use - for standard input)")
	}
	format, err := packet.ParseFormat(*formatName)
	if err != nil {
		return err
	}
	today, err := dueToday(*nowFlag)
	if err != nil {
		return err
	}
	cal := calendar.Default()
	if *calFile != "" {
		o, err := calendar.LoadFile(*calFile)
		if err != nil {
			return err
		}
		cal = cal.With(o)
	}
	lines, err := readDue(ctx, e, fs.Arg(0), format, cal, today)
	if err != nil {
		return err
	}
	return printDue(e.stdout, lines, *asJSON, cal, today)
}

// errNotChanges is the error for a packet of another kind than BIENDONG.
type errNotChanges struct{ kind packet.Kind }

func (err errNotChanges) Error() string {
	return fmt.Sprintf("a %s packet has no change events; give a BIENDONG packet", err.kind)
}

func (err errNotChanges) Messages() (vi, en string) {
	return fmt.Sprintf("Loại gói tin (LoaiGoiTin) %s không chứa biến động. Đề nghị chọn gói tin BIENDONG.", err.kind), err.Error()
}

// dueToday is the day given by -now, or today in Vietnam.
func dueToday(s string) (time.Time, error) {
	if s == "" {
		y, m, d := time.Now().In(calendar.Vietnam).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, calendar.Vietnam), nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, calendar.Vietnam)
	if err != nil {
		return time.Time{}, fmt.Errorf("-now %q is not a date YYYY-MM-DD", s)
	}
	return t, nil
}

// readDue reads the change events of the packet one at a time and keeps
// what the listing needs of each.
func readDue(ctx context.Context, e env, name string, f packet.Format, cal *calendar.Calendar, today time.Time) ([]dueEntry, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		file, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer file.Close()
		r = file
	}
	d := packet.NewDecoder(r, f, packet.DefaultLimits())
	next := cal.AddWorkingDays(today, 1)
	var lines []dueEntry
	i := 0
	for rec, err := range d.Records() {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, err
		}
		if ch, ok := rec.(*packet.Change); ok {
			lines = append(lines, dueOf(cal, ch, i, today, next))
		}
		i++
	}
	h, err := d.Header()
	if err != nil {
		return nil, err
	}
	if h.Kind != packet.KindChanges {
		return nil, errNotChanges{h.Kind}
	}
	slices.SortStableFunc(lines, func(a, b dueEntry) int {
		if a.arose.IsZero() != b.arose.IsZero() {
			return cmp.Compare(boolInt(a.arose.IsZero()), boolInt(b.arose.IsZero())) // no date last
		}
		if c := a.due.Compare(b.due); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	return lines, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dueOf is the deadline of change event number i.
func dueOf(cal *calendar.Calendar, ch *packet.Change, i int, today, next time.Time) dueEntry {
	en := dueEntry{index: i, id: ch.ID, pid: ch.PersonalID, kind: ch.Kind}
	en.arose, en.byDecision = ch.Arose()
	if en.arose.IsZero() {
		en.state = dueNoDate
		return en
	}
	dl := cal.Deadline(en.arose.In(calendar.Vietnam))
	en.due, en.computed = packet.DateOf(dl.Due), !dl.Official
	switch {
	case today.After(dl.Due):
		en.state = dueLate
	case today.Equal(dl.Due):
		en.state = dueLastDay
	case next.Equal(dl.Due):
		en.state = dueNext
	default:
		en.state = dueInTime
	}
	return en
}

func printDue(w io.Writer, entries []dueEntry, asJSON bool, cal *calendar.Calendar, today time.Time) error {
	code := exitOK
	count := map[string]int{}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, en := range entries {
		l := en.line()
		count[l.State]++
		if l.State == dueLate {
			code = exitInvalid
		}
		if asJSON {
			_ = enc.Encode(l)
			continue
		}
		if l.State == dueNoDate {
			fmt.Fprintf(w, "%-10s  %-9s  %-10s  %s  %s  %s  no date to count from\n", "-", l.State, l.Record, l.ID, l.PersonalID, l.Kind)
			continue
		}
		computed := ""
		if l.Computed {
			computed = "  computed"
		}
		fmt.Fprintf(w, "%s  %-9s  %-10s  %s  %s  %s  arose %s (%s)%s\n", l.Due, l.State, l.Record, l.ID, l.PersonalID, l.Kind, l.Arose, l.AroseFrom, computed)
	}
	if !asJSON {
		fmt.Fprintf(w, "%d change events on %s: %d late, %d due today, %d due on the next working day (%s), %d on time\n",
			len(entries), today.Format(time.DateOnly), count[dueLate], count[dueLastDay], count[dueNext],
			cal.AddWorkingDays(today, 1).Format(time.DateOnly), count[dueInTime])
	}
	return exit(code)
}
