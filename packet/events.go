package packet

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/google/uuid"
)

// EventOptions configure ChangeEvents. The zero EventOptions give the
// defaults.
type EventOptions struct {
	// NewID returns the MaBienDong of each event; default uuid.NewV7.
	NewID func() (uuid.UUID, error)
	// Decision returns the decision behind a change the profile records
	// without its whole decision: a salary step (NANG_LUONG; number is
	// empty, day is the step's NgayHuong), an award (KHEN_THUONG: its
	// SoQuyetDinh) or a discipline (KY_LUAT: its SoQuyetDinh and
	// NgayQuyetDinh). Without one, such a change goes as a plain update
	// (CAP_NHAT).
	Decision func(kind, number string, day Date) (Decision, bool)
}

// EventPlan is how the changes of a Diff go to the national database.
type EventPlan struct {
	// Events are the change events, typed ones first, then at most one
	// plain update (CAP_NHAT). Applied in order to the old profile they
	// give the new one, unless there are Removals.
	Events []Change
	// Untyped are the changes the CAP_NHAT event carries: no kind of
	// change event fits them, or the kind that fits needs a decision the
	// profile does not carry and EventOptions.Decision did not give.
	Untyped []UntypedChange
	// Removals are the members of HoSo that the new profile no longer
	// has: no change event can carry them. Send the profile whole (HOSO)
	// instead of Events.
	Removals []FieldChange
}

// UntypedChange is a change that goes as a plain update (CAP_NHAT).
type UntypedChange struct {
	FieldChange
	// Kind is the kind of change event that would carry the change with
	// its decision (e.g. NANG_LUONG), or empty when no kind fits it.
	Kind string
}

// The kinds of change event (code list LoaiBienDong) that ChangeEvents
// gives.
const (
	EventUpdate = "CAP_NHAT"
)

// typedEvent is one kind of change whose decision the profile carries, or
// EventOptions.Decision gives: the member whose change marks it (its
// trigger, by Go field name of Profile) and the members that change with
// it (companions), and how to read its kind, decision and effective date
// from the new profile.
type typedEvent struct {
	trigger    string
	companions []string
	// appended: the trigger is an array, and the event is one new item at
	// its end; else any change of the trigger.
	appended bool
	// read returns the kind, the decision (nil: to be asked of
	// EventOptions.Decision with number and day) and the effective date,
	// from the new profile and, for an appended item, its index; ok false
	// when no kind fits.
	read func(p *Profile, item int) (kind string, dec *Decision, number string, effective Date, ok bool)
}

// typedEvents are the change events ChangeEvents types, in the order they
// are tried: the end of service first, as it may close what the others
// open; a member of format 2.0 that carries its decision (ChamDut,
// DieuChuyen, BoNhiem) before the members of 1.0 that change with the
// same event and do not (TrangThai, MaDonViSuDung, ChucVu).
var typedEvents = []typedEvent{
	{trigger: "EndOfService", companions: []string{"Status", "Position", "WorkHistory"},
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			e := p.EndOfService
			if e == nil {
				return "", nil, "", Date{}, false
			}
			kind, ok := endKinds[e.Kind]
			return kind, &e.Decision, "", e.Date, ok
		}},
	{trigger: "Status", companions: []string{"Position", "WorkHistory"},
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			kind, ok := endKinds[p.Status]
			return kind, nil, "", Date{}, ok
		}},
	{trigger: "Transfers", appended: true, companions: []string{"WorkingUnit", "ManagingUnit", "WorkHistory", "JobPosition", "Position"},
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			t := p.Transfers[i]
			kind, ok := map[string]string{"DIEU_DONG": "DIEU_DONG", "LUAN_CHUYEN": "LUAN_CHUYEN"}[t.Kind]
			return kind, &t.Decision, "", t.From, ok
		}},
	{trigger: "Appointments", appended: true, companions: []string{"Position", "WorkHistory", "JobPosition"},
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			a := p.Appointments[i]
			return "BO_NHIEM", &a.Decision, "", a.From, true
		}},
	{trigger: "WorkingUnit", companions: []string{"ManagingUnit", "WorkHistory", "JobPosition", "Position"},
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			return "DIEU_DONG", nil, "", currentPeriodStart(p), true
		}},
	{trigger: "Position", companions: []string{"WorkHistory", "JobPosition"},
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			if p.Position == nil {
				return "", nil, "", Date{}, false
			}
			return "BO_NHIEM", nil, "", p.Position.Appointed, true
		}},
	{trigger: "Rank", companions: []string{"SalaryHistory", "Allowances"},
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			return "NANG_LUONG", nil, "", p.Rank.Since, true
		}},
	{trigger: "Awards", appended: true,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			return "KHEN_THUONG", nil, p.Awards[i].Decision, Date{}, true
		}},
	{trigger: "Disciplines", appended: true,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			d := p.Disciplines[i]
			return "KY_LUAT", nil, d.Decision, d.Date, true
		}},
}

// endKinds are the kinds of change event that end service, by the code of
// ChamDut's Loai or of TrangThai.
var endKinds = map[string]string{"NGHI_HUU": "NGHI_HUU", "THOI_VIEC": "THOI_VIEC", "BUOC_THOI_VIEC": "THOI_VIEC", "TU_TRAN": "TU_TRAN"}

// currentPeriodStart is the start of the last period of the work history.
func currentPeriodStart(p *Profile) Date {
	if n := len(p.WorkHistory); n > 0 {
		return p.WorkHistory[n-1].From
	}
	return Date{}
}

// memberName returns the wire name of the field of Profile named goName.
func memberName(goName string) string {
	f, ok := reflect.TypeFor[Profile]().FieldByName(goName)
	if !ok {
		panic("packet: no field " + goName + " in Profile") // a defect in typedEvents; every test would catch it
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// topMember returns the member of HoSo a JSON Pointer is in.
func topMember(pointer string) string {
	return splitPointer(pointer)[0]
}

// ChangeEvents groups the changes of Diff(old, new) into change events of
// the kinds that fit them: the end of service (NGHI_HUU, THOI_VIEC,
// TU_TRAN, with the ChamDut decision and the status), a transfer or
// rotation (DIEU_DONG, LUAN_CHUYEN: a new DieuChuyen item with the units
// and work history), an appointment (BO_NHIEM), a salary change
// (NANG_LUONG: Ngach with the salary history and allowances), an award
// (KHEN_THUONG) and a discipline (KY_LUAT), each one new item. A change
// of the members format 1.0 has is typed too, with the decision
// EventOptions.Decision gives: a new status that ends service, a new
// working unit (DIEU_DONG), a new position (BO_NHIEM). The
// changes no kind fits, or whose decision is not known, go in one plain
// update (CAP_NHAT), effective the day of new's NgayCapNhat in Vietnam;
// NgayCapNhat goes with the last event. See EventPlan for what cannot go
// at all.
func ChangeEvents(old, new *Profile, diff []FieldChange, opt EventOptions) (EventPlan, error) {
	if opt.NewID == nil {
		opt.NewID = uuid.NewV7
	}
	var plan EventPlan
	claimed := make([]bool, len(diff))
	wouldBe := make([]string, len(diff)) // the kind of an untyped change of a typed kind
	for i, fc := range diff {
		if fc.IsRemoval() {
			plan.Removals = append(plan.Removals, fc)
			claimed[i] = true
		}
	}
	for _, te := range typedEvents {
		ev, kind, ok := te.event(new, diff, claimed, opt)
		if ok {
			plan.Events = append(plan.Events, ev)
			continue
		}
		for i, fc := range diff {
			if kind != "" && !claimed[i] && topMember(fc.Field) == memberName(te.trigger) {
				wouldBe[i] = kind
			}
		}
	}
	var rest []FieldChange
	var stamp *FieldChange
	for i, fc := range diff {
		switch {
		case claimed[i]:
		case fc.Field == "/"+memberName("UpdatedAt"):
			stamp = &diff[i]
		default:
			rest = append(rest, fc)
			plan.Untyped = append(plan.Untyped, UntypedChange{FieldChange: fc, Kind: wouldBe[i]})
		}
	}
	if len(rest) > 0 || (stamp != nil && len(plan.Events) == 0) {
		plan.Events = append(plan.Events, Change{PersonalID: new.PersonalID, Kind: EventUpdate,
			Effective: DateOf(new.UpdatedAt.In(calendar.Vietnam)), Fields: rest})
	}
	if stamp != nil {
		last := &plan.Events[len(plan.Events)-1]
		last.Fields = append(last.Fields, *stamp)
	}
	for i := range plan.Events {
		id, err := opt.NewID()
		if err != nil {
			return EventPlan{}, err
		}
		plan.Events[i].ID = id
	}
	return plan, nil
}

// event makes the typed event te of the changes, if they have one: it
// claims its changes. When the changes have its trigger but not its
// decision, it returns the kind they would have, and claims nothing.
func (te *typedEvent) event(p *Profile, diff []FieldChange, claimed []bool, opt EventOptions) (ev Change, untypedKind string, ok bool) {
	trigger := memberName(te.trigger)
	var mine []int
	for i, fc := range diff {
		if !claimed[i] && topMember(fc.Field) == trigger {
			mine = append(mine, i)
		}
	}
	if len(mine) == 0 {
		return Change{}, "", false
	}
	item := -1
	if te.appended {
		if item = newItem(p, te.trigger, diff, mine); item < 0 {
			return Change{}, "", false // not one new item: the changes are an update
		}
	}
	kind, dec, number, effective, fits := te.read(p, item)
	if !fits {
		return Change{}, "", false
	}
	if dec == nil && opt.Decision != nil {
		if d, found := opt.Decision(kind, number, effective); found {
			dec = &d
		}
	}
	if dec == nil || dec.Number == "" || dec.Date.IsZero() {
		return Change{}, kind, false
	}
	if effective.IsZero() {
		effective = dec.Date
	}
	d := *dec
	ev = Change{PersonalID: p.PersonalID, Kind: kind, Effective: effective, Decision: &d}
	members := append([]string{trigger}, mapNames(te.companions)...)
	for i, fc := range diff {
		if !claimed[i] && slices.Contains(members, topMember(fc.Field)) {
			ev.Fields = append(ev.Fields, fc)
			claimed[i] = true
		}
	}
	return ev, "", true
}

// newItem returns the index of the one item that the changes mine add to
// the array member goName of p: one item appended (/KhenThuong/3), or the
// array added with one item (/KhenThuong); else -1.
func newItem(p *Profile, goName string, diff []FieldChange, mine []int) int {
	fc := diff[mine[0]]
	if len(mine) != 1 || len(fc.OldValue) != 0 {
		return -1
	}
	n := reflect.ValueOf(p).Elem().FieldByName(goName).Len()
	switch segs := splitPointer(fc.Field); {
	case len(segs) == 1 && n == 1:
		return 0
	case len(segs) == 2:
		if i, err := strconv.Atoi(segs[1]); err == nil && i >= 0 && i < n {
			return i
		}
	}
	return -1
}

func mapNames(goNames []string) []string {
	out := make([]string, len(goNames))
	for i, n := range goNames {
		out[i] = memberName(n)
	}
	return out
}
