package packet

import (
	"reflect"
	"slices"
	"strconv"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/google/uuid"
)

// EventOptions configure ChangeEvents. The zero EventOptions give the
// defaults.
type EventOptions struct {
	// NewID returns the MaBienDong of each event; default uuid.NewV7.
	NewID func() (uuid.UUID, error)
	// Decision returns the decision behind a change of kind that the
	// profile records without its whole decision: a salary step
	// (NANG_LUONG; number is empty, day is the step's NgayHuong), an
	// allowance (PHU_CAP), a yearly grade (DANH_GIA_XEP_LOAI), the end of
	// a secondment (KET_THUC_BIET_PHAI), a working unit, position or
	// status of format 1.0 (DIEU_DONG, BO_NHIEM, NGHI_HUU …), an award
	// (KHEN_THUONG: number is its SoQuyetDinh) or a discipline (KY_LUAT:
	// its SoQuyetDinh and NgayQuyetDinh). Without one, such a change goes
	// as a plain update (CAP_NHAT).
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

// typedEvent is how ChangeEvents recognises one kind of change event (or
// a few, told apart by the data): the member of Profile whose change
// marks it (trigger, by Go name), which changes of it make one event
// (match), and how to read the event's kind, decision and effective date
// from the new profile. Which members the event takes along is the kinds
// table's (ChangeKind.Subject and Along).
type typedEvent struct {
	trigger string
	match   func(p *Profile, goName string, diff []FieldChange, mine []int) (item int, ok bool)
	// read returns the kind, the decision (nil: to be asked of
	// EventOptions.Decision with number and day, when the kind has one)
	// and the effective date, from the new profile and the item match
	// found; ok false when no kind fits.
	read func(p *Profile, item int) (kind string, dec *Decision, number string, effective Date, ok bool)
}

// typedEvents are the change events ChangeEvents types, in the order they
// are tried: the end of service first, as it may close what the others
// open; a member of format 2.0 that carries its decision (ChamDut,
// DieuChuyen, BoNhiem) before the members of 1.0 that change with the
// same event and do not (TrangThai, MaDonViSuDung, ChucVu).
var typedEvents = []typedEvent{
	{trigger: "EndOfService", match: anyChange,
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			e := p.EndOfService
			if e == nil {
				return "", nil, "", Date{}, false
			}
			kind, ok := endKinds[e.Kind]
			return kind, &e.Decision, "", e.Date, ok
		}},
	{trigger: "Status", match: anyChange,
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			kind, ok := endKinds[p.Status]
			return kind, nil, "", Date{}, ok
		}},
	{trigger: "Transfers", match: appendedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			t := p.Transfers[i]
			kind, ok := map[string]string{"DIEU_DONG": "DIEU_DONG", "LUAN_CHUYEN": "LUAN_CHUYEN", transferSecondment: changeSecondment}[t.Kind]
			return kind, &t.Decision, "", t.From, ok
		}},
	{trigger: "Transfers", match: endedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			t := p.Transfers[i]
			return changeSecondEnd, nil, "", t.To, t.Kind == transferSecondment
		}},
	{trigger: "Appointments", match: appendedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			a := p.Appointments[i]
			if a.Form == changeElection {
				return changeElection, &a.Decision, "", a.From, true
			}
			return "BO_NHIEM", &a.Decision, "", a.From, true
		}},
	{trigger: "Planning", match: appendedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			d := p.Planning[i].Decision
			return changePlanning, &d, "", d.Date, true
		}},
	{trigger: "WorkingUnit", match: anyChange,
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			return "DIEU_DONG", nil, "", currentPeriodStart(p), true
		}},
	{trigger: "Position", match: anyChange,
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			if p.Position == nil {
				return "", nil, "", Date{}, false
			}
			return "BO_NHIEM", nil, "", p.Position.Appointed, true
		}},
	{trigger: "Rank", match: anyChange,
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			return "NANG_LUONG", nil, "", p.Rank.Since, true
		}},
	{trigger: "Allowances", match: appendedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			return changeAllowance, nil, "", p.Allowances[i].From, true
		}},
	{trigger: "Grades", match: appendedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			return changeGrade, nil, "", Date{}, true
		}},
	{trigger: "AssetDeclarations", match: appendedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			return changeDeclaration, nil, "", p.AssetDeclarations[i].Declared, true
		}},
	{trigger: "Health", match: anyChange,
		read: func(p *Profile, _ int) (string, *Decision, string, Date, bool) {
			if p.Health == nil {
				return "", nil, "", Date{}, false
			}
			return changeHealth, nil, "", p.Health.Examined, true
		}},
	{trigger: "Awards", match: appendedItem,
		read: func(p *Profile, i int) (string, *Decision, string, Date, bool) {
			return "KHEN_THUONG", nil, p.Awards[i].Decision, Date{}, true
		}},
	{trigger: "Disciplines", match: appendedItem,
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
func memberName(goName string) string { return memberOf[Profile](goName) }

// topMember returns the member of HoSo a JSON Pointer is in.
func topMember(pointer string) string {
	return splitPointer(pointer)[0]
}

// ChangeEvents groups the changes of Diff(old, new) into change events of
// the kinds that fit them (the kinds table: ChangeKinds), each with the
// members its kind may change along: the end of service (NGHI_HUU,
// THOI_VIEC, TU_TRAN, with the ChamDut decision and the status); one new
// DieuChuyen item (DIEU_DONG, LUAN_CHUYEN, BIET_PHAI, with its decision),
// or the end of a secondment (KET_THUC_BIET_PHAI); one new BoNhiem item
// (BO_NHIEM, BAU_CU) or QuyHoach item (QUY_HOACH); a new working unit
// (DIEU_DONG) or position (BO_NHIEM) of format 1.0; a salary change
// (NANG_LUONG); one new allowance (PHU_CAP), yearly grade
// (DANH_GIA_XEP_LOAI), declaration (KE_KHAI_TAI_SAN), award (KHEN_THUONG)
// or discipline (KY_LUAT); a health examination (SUC_KHOE). Where the
// profile does not carry the decision, EventOptions.Decision gives it.
// The changes no kind fits, or whose decision is not known, go in one
// plain update (CAP_NHAT), effective the day of new's NgayCapNhat in
// Vietnam; NgayCapNhat goes with the last event of a kind of format 1.0 or
// that update, as those of 2.0 may change only their members. See
// EventPlan for what cannot go at all.
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
	// NgayCapNhat goes with the last event whose kind may change any
	// member (those of format 1.0, CAP_NHAT), else in a CAP_NHAT of its own.
	last := -1
	for i, ev := range plan.Events {
		if k, ok := changeKind(ev.Kind); ok && !k.strict() {
			last = i
		}
	}
	if len(rest) > 0 || (stamp != nil && last < 0) {
		plan.Events = append(plan.Events, Change{PersonalID: new.PersonalID, Kind: EventUpdate,
			Effective: DateOf(new.UpdatedAt.In(calendar.Vietnam)), Fields: rest})
		last = len(plan.Events) - 1
	}
	if stamp != nil {
		plan.Events[last].Fields = append(plan.Events[last].Fields, *stamp)
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
	item, found := te.match(p, te.trigger, diff, mine)
	if !found {
		return Change{}, "", false
	}
	kind, dec, number, effective, fits := te.read(p, item)
	k, known := changeKind(kind)
	if !fits || !known {
		return Change{}, "", false
	}
	if !k.Decision {
		dec = nil
	} else if dec == nil && opt.Decision != nil {
		if d, found := opt.Decision(kind, number, effective); found {
			dec = &d
		}
	}
	if k.Decision && (dec == nil || dec.Number == "" || dec.Date.IsZero()) {
		return Change{}, kind, false
	}
	if effective.IsZero() && dec != nil {
		effective = dec.Date
	}
	if effective.IsZero() {
		return Change{}, "", false
	}
	ev = Change{PersonalID: p.PersonalID, Kind: kind, Effective: effective}
	if dec != nil {
		d := *dec
		ev.Decision = &d
	}
	for i, fc := range diff {
		if !claimed[i] && k.Changes(fc.Field) && (topMember(fc.Field) != trigger || slices.Contains(mine, i)) {
			ev.Fields = append(ev.Fields, fc)
			claimed[i] = true
		}
	}
	return ev, "", true
}

// anyChange matches any change of the trigger.
func anyChange(*Profile, string, []FieldChange, []int) (int, bool) { return -1, true }

// appendedItem matches one item added to the array member goName of p
// (/KhenThuong/3, or the array added with one item: /KhenThuong), with at
// most the end dates (DenNgay) of earlier items set: the period a new
// one follows closed.
func appendedItem(p *Profile, goName string, diff []FieldChange, mine []int) (int, bool) {
	item := -1
	for _, i := range mine {
		fc := diff[i]
		segs := splitPointer(fc.Field)
		switch {
		case len(fc.OldValue) != 0:
			return -1, false
		case len(segs) == 3 && segs[2] == memberOf[Transfer]("To"):
		case item < 0:
			if item = newItem(p, goName, diff, []int{i}); item < 0 {
				return -1, false
			}
		default:
			return -1, false
		}
	}
	return item, item >= 0
}

// endedItem matches the end date (DenNgay) set on one item of the array
// member goName, and no other change of the member.
func endedItem(p *Profile, goName string, diff []FieldChange, mine []int) (int, bool) {
	fc := diff[mine[0]]
	segs := splitPointer(fc.Field)
	if len(mine) != 1 || len(segs) != 3 || len(fc.OldValue) != 0 || segs[2] != memberOf[Transfer]("To") {
		return -1, false
	}
	n, err := strconv.Atoi(segs[1])
	if err != nil || n < 0 || n >= reflect.ValueOf(p).Elem().FieldByName(goName).Len() {
		return -1, false
	}
	return n, true
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
