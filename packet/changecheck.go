package packet

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// This file holds a change event of a kind of format 2.0 to its kind
// (the table of changekind.go): rule R-BD-005, what it may change, and
// R-BD-006, that the item it adds agrees with it. Neither needs the
// profile; Apply adds what R-BD-005 can say only with it (applyKindChecks).

// checkChangeKind reports R-BD-005 and R-BD-006 for change event ch.
// base is the pointer of the record (/DuLieu/3, or "" for a change alone);
// refused[k] is set for an item of ThayDoi that R-BD-001 or R-BD-002
// already refused, which these rules leave alone.
func checkChangeKind(ch *Change, base string, refused []bool, emit func(Finding)) {
	k, ok := changeKind(ch.Kind)
	if !ok || !k.strict() {
		return
	}
	about := false
	for i, fc := range ch.Fields {
		if i < len(refused) && refused[i] {
			about = true // judged by R-BD-001 or R-BD-002: say nothing more
			continue
		}
		at := base + "/ThayDoi/" + strconv.Itoa(i)
		if !k.Changes(fc.Field) {
			report(emit, RuleChangeKindMember, at+"/TruongDuLieu",
				fmt.Sprintf("Trường dữ liệu (TruongDuLieu) %q: biến động loại %s không được thay đổi %s (%s). "+
					"Đề nghị tách thay đổi này thành biến động có loại phù hợp, hoặc biến động cập nhật (%s).",
					fc.Field, ch.Kind, labelOrName(memberPointer(fc.Field)), strings.TrimPrefix(memberPointer(fc.Field), "/"), changeUpdate),
				fmt.Sprintf("%s: a change event of kind %s does not change %s (it changes %s): report it as a change of its own kind, or as %s",
					fc.Field, ch.Kind, memberPointer(fc.Field), strings.Join(append(append([]string{}, k.Subject...), k.Along...), ", "), changeUpdate))
			continue
		}
		if k.About(fc.Field) {
			about = true
			checkKindItem(ch, at, fc, emit)
		}
	}
	if !about && len(ch.Fields) > 0 {
		report(emit, RuleChangeKindMember, base+"/LoaiBienDong",
			fmt.Sprintf("Loại biến động (LoaiBienDong) %s: biến động không thay đổi %s. Đề nghị bổ sung thay đổi đó, hoặc ghi đúng loại biến động.",
				ch.Kind, subjectVI(k)),
			fmt.Sprintf("a change event of kind %s changes none of %s, the members its kind is about", ch.Kind, strings.Join(k.Subject, ", ")))
	}
}

// labelOrName is the Vietnamese label of a member given as a pointer
// (/PhuCap), or its name when it has none.
func labelOrName(pointer string) string {
	name := strings.TrimPrefix(pointer, "/")
	if l := labelVI(name); l != "" {
		return l
	}
	return name
}

// subjectVI names a kind's subject in words, with the wire names.
func subjectVI(k *ChangeKind) string {
	parts := make([]string, len(k.Subject))
	for i, s := range k.Subject {
		parts[i] = labelOrName(s) + " (" + strings.TrimPrefix(s, "/") + ")"
	}
	return strings.Join(parts, " hoặc ")
}

// memberOf returns the wire name of the field goName of struct type T.
func memberOf[T any](goName string) string {
	sf, ok := reflect.TypeFor[T]().FieldByName(goName)
	if !ok {
		panic("packet: no field " + goName) // a defect here; every test would catch it
	}
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	return name
}

// addedItem decodes the item of type T that fc sets: the item at /M/n, the
// last item of a whole array at /M, or the object at /M. at is where the
// item is under GiaTriMoi ("" or /n). ok is false for a pointer into an
// item, or a value that is not one (R-BD-002's).
func addedItem[T any](fc FieldChange) (item T, at string, ok bool) {
	segs := splitPointer(fc.Field)
	switch {
	case len(segs) == 1 && len(fc.NewValue) > 0 && fc.NewValue[0] == '[':
		var items []T
		if json.Unmarshal(fc.NewValue, &items) != nil || len(items) == 0 {
			return item, "", false
		}
		return items[len(items)-1], "/" + strconv.Itoa(len(items)-1), true
	case len(segs) == 1 || len(segs) == 2 && isIndex(segs[1]):
		return item, "", json.Unmarshal(fc.NewValue, &item) == nil
	}
	return item, "", false
}

// checkKindItem is R-BD-006 for one item of ThayDoi about the kind's
// subject, at pointer at.
func checkKindItem(ch *Change, at string, fc FieldChange, emit func(Finding)) {
	val := at + "/GiaTriMoi"
	switch ch.Kind {
	case changeElection:
		if a, in, ok := addedItem[Appointment](fc); ok {
			startsOnEffective(ch, val+in, memberOf[Appointment]("From"), a.From, emit)
			sameDecision(ch, val+in, a.Decision, emit)
		}
	case changePlanning:
		if p, in, ok := addedItem[PlanningEntry](fc); ok {
			sameDecision(ch, val+in, p.Decision, emit)
		}
	case changeSecondment:
		if t, in, ok := addedItem[Transfer](fc); ok {
			if t.Kind != transferSecondment {
				l := val + in + "/" + memberOf[Transfer]("Kind")
				report(emit, RuleChangeKindItem, l,
					fmt.Sprintf("Loại điều chuyển (Loai) %q của biến động biệt phái: không phải %s. Đề nghị ghi loại %s.", t.Kind, transferSecondment, transferSecondment),
					fmt.Sprintf("a secondment (%s) adds a transfer of kind %q, not %s", ch.Kind, t.Kind, transferSecondment))
			}
			startsOnEffective(ch, val+in, memberOf[Transfer]("From"), t.From, emit)
			sameDecision(ch, val+in, t.Decision, emit)
		}
	case changeSecondEnd:
		endsOnEffective(ch, val, fc, memberOf[Transfer]("To"), emit)
	case changeAllowance:
		if a, in, ok := addedItem[Allowance](fc); ok {
			startsOnEffective(ch, val+in, memberOf[Allowance]("From"), a.From, emit)
		} else {
			endsOnEffective(ch, val, fc, memberOf[Allowance]("To"), emit)
		}
	case changeGrade:
		if g, in, ok := addedItem[YearlyGrade](fc); ok && g.Year > ch.Effective.Year() && !ch.Effective.IsZero() {
			l := val + in + "/" + memberOf[YearlyGrade]("Year")
			report(emit, RuleChangeKindItem, l,
				fmt.Sprintf("Năm đánh giá (Nam) %d: sau năm của ngày hiệu lực (NgayHieuLuc) %s; chỉ xếp loại được năm đã đánh giá. Đề nghị ghi đúng năm được đánh giá, xếp loại.",
					g.Year, ch.Effective.dmy()),
				fmt.Sprintf("the grade is of year %d, after the change's NgayHieuLuc %s: only a year assessed can be graded", g.Year, ch.Effective))
		}
	case changeDeclaration:
		if d, in, ok := addedItem[AssetDeclaration](fc); ok {
			startsOnEffective(ch, val+in, memberOf[AssetDeclaration]("Declared"), d.Declared, emit)
		}
	case changeHealth:
		if h, in, ok := addedItem[Health](fc); ok {
			startsOnEffective(ch, val+in, memberOf[Health]("Examined"), h.Examined, emit)
		}
	}
}

// startsOnEffective reports a date of the new item (its start, the day of
// a declaration or an examination), member of the item at item, that is
// not the change's NgayHieuLuc.
func startsOnEffective(ch *Change, item, member string, d Date, emit func(Finding)) {
	if d.IsZero() || ch.Effective.IsZero() || d == ch.Effective {
		return
	}
	report(emit, RuleChangeKindItem, item+"/"+member,
		fmt.Sprintf("%s (%s) %s của mục mà biến động %s bổ sung: khác ngày hiệu lực của biến động (NgayHieuLuc) %s. "+
			"Đề nghị ghi cùng một ngày, là ngày sự việc phát sinh.", capitalize(labelOrName(member)), member, d.dmy(), ch.Kind, ch.Effective.dmy()),
		fmt.Sprintf("%s %s of the item the change (%s) adds is not its NgayHieuLuc %s", member, d, ch.Kind, ch.Effective))
}

// endsOnEffective reports an end date (member, DenNgay) that fc sets,
// alone (/M/n/DenNgay) or in an item (/M/n), other than the change's
// NgayHieuLuc or the day before it.
func endsOnEffective(ch *Change, val string, fc FieldChange, member string, emit func(Finding)) {
	segs := splitPointer(fc.Field)
	var end Date
	switch {
	case len(segs) == 3 && isIndex(segs[1]) && segs[2] == member:
		if json.Unmarshal(fc.NewValue, &end) != nil {
			return
		}
	case len(segs) == 2 && isIndex(segs[1]):
		var item map[string]json.RawMessage
		if json.Unmarshal(fc.NewValue, &item) != nil || item[member] == nil || json.Unmarshal(item[member], &end) != nil {
			return
		}
		val += "/" + member
	default:
		return
	}
	if end.IsZero() || ch.Effective.IsZero() || end == ch.Effective || end == ch.Effective.addDays(-1) {
		return
	}
	report(emit, RuleChangeKindItem, val,
		fmt.Sprintf("%s (%s) %s mà biến động %s ghi: không phải ngày hiệu lực của biến động (NgayHieuLuc) %s hay ngày liền trước. "+
			"Đề nghị ghi ngày kết thúc theo quyết định.", capitalize(labelOrName(member)), member, end.dmy(), ch.Kind, ch.Effective.dmy()),
		fmt.Sprintf("%s %s that the change (%s) sets is neither its NgayHieuLuc %s nor the day before", member, end, ch.Kind, ch.Effective))
}

// sameDecision reports a new item whose decision's number is not the
// change event's decision.
func sameDecision(ch *Change, item string, d Decision, emit func(Finding)) {
	if ch.Decision == nil || d.Number == "" || ch.Decision.Number == "" || d.Number == ch.Decision.Number {
		return
	}
	dm, num := memberOf[Appointment]("Decision"), memberOf[Decision]("Number")
	report(emit, RuleChangeKindItem, item+"/"+dm+"/"+num,
		fmt.Sprintf("Số, ký hiệu quyết định (%s/%s) %q của mục mà biến động %s bổ sung: khác quyết định của biến động %q. "+
			"Đề nghị ghi quyết định mà biến động thực hiện.", dm, num, d.Number, ch.Kind, ch.Decision.Number),
		fmt.Sprintf("the item the change (%s) adds names decision %q, not the change's %q", ch.Kind, d.Number, ch.Decision.Number))
}

// applyKindChecks is what R-BD-005 can say only with the profile, in
// Apply: the secondment a KET_THUC_BIET_PHAI ends is one, and a BIET_PHAI
// leaves one secondment open at most. before is the profile, after the
// profile the change makes.
func applyKindChecks(before, after *Profile, c *Change) []Finding {
	switch c.Kind {
	case changeSecondEnd:
		var out []Finding
		for i, fc := range c.Fields {
			segs := splitPointer(fc.Field)
			if len(segs) < 2 || segs[0] != memberOf[Profile]("Transfers") || !isIndex(segs[1]) {
				continue
			}
			n, _ := strconv.Atoi(segs[1])
			f := Finding{Rule: RuleChangeKindMember, Severity: severityOf(RuleChangeKindMember), Pointer: "/ThayDoi/" + strconv.Itoa(i) + "/TruongDuLieu"}
			switch {
			case n >= len(before.Transfers):
				f.MessageVI = fmt.Sprintf("Trường dữ liệu (TruongDuLieu) %q: hồ sơ chỉ có %d lần điều chuyển, không có lần thứ %d để kết thúc biệt phái. "+
					"Đề nghị trỏ tới lần biệt phái cần kết thúc.", fc.Field, len(before.Transfers), n+1)
				f.MessageEN = fmt.Sprintf("%s: the profile has %d transfers, no transfer %d for a %s change to end", fc.Field, len(before.Transfers), n, c.Kind)
			case before.Transfers[n].Kind != transferSecondment:
				f.MessageVI = fmt.Sprintf("Trường dữ liệu (TruongDuLieu) %q: lần điều chuyển thứ %d của hồ sơ là %s, không phải biệt phái; biến động %s chỉ kết thúc biệt phái. "+
					"Đề nghị trỏ tới lần biệt phái cần kết thúc.", fc.Field, n+1, before.Transfers[n].Kind, c.Kind)
				f.MessageEN = fmt.Sprintf("%s: transfer %d of the profile is a %s, not a secondment (%s); a %s change ends only a secondment",
					fc.Field, n, before.Transfers[n].Kind, transferSecondment, c.Kind)
			default:
				continue
			}
			out = append(out, f)
		}
		return out
	case changeSecondment:
		open := 0
		for _, t := range after.Transfers {
			if t.Kind == transferSecondment && t.To.IsZero() {
				open++
			}
		}
		if open > 1 {
			return []Finding{{Rule: RuleChangeKindMember, Severity: severityOf(RuleChangeKindMember), Pointer: "/LoaiBienDong",
				MessageVI: fmt.Sprintf("Loại biến động (LoaiBienDong) %s: hồ sơ đang có một lần biệt phái chưa kết thúc, nên không bắt đầu được lần biệt phái khác. "+
					"Đề nghị gửi trước biến động %s cho lần biệt phái đang có.", c.Kind, changeSecondEnd),
				MessageEN: fmt.Sprintf("a %s change would leave %d secondments open: the profile has one open already; end it first (%s)", c.Kind, open, changeSecondEnd)}}
		}
	}
	return nil
}
