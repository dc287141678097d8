// Package packettest generates realistic packets of Decision 356/QĐ-BNV for
// tests, benchmarks, demos and the command line (cbccvc generate). The
// output depends only on the seed and the options — never on the clock,
// the platform or a map's order — so a test can rely on it:
//
//	g := packettest.New(packettest.Options{Seed: 7})
//	p := g.Packet(packet.KindProfiles, 1000) // a HOSO packet of 1,000 profiles
//
// # What the profiles look like
//
// The people work in the organisation of the sender: for a province
// (000.00.00.H29, the default) its departments (sở, level 2, such as
// 000.00.12.H29 Sở Nội vụ), their branches and upper-secondary schools
// (level 3, such as 000.01.15.H29), a college, and the communes with their
// lower-secondary schools; for a ministry (G) its office, departments (vụ),
// inspectorate and training school; for a People's Council (K) its office
// and boards. MaDonViQuanLy is the sender or a unit under it, and
// MaDonViSuDung that unit or a school or branch under it. About half are
// public employees (VC, teachers and lecturers), most of the others civil
// servants (CC), a few cadres (CB) with a position.
//
// Each profile holds together: a Vietnamese name in precomposed letters
// (NFC) with realistic family names (Huỳnh and Võ for those born in the
// south), middle names that follow gender and generation; a personal ID
// whose birthplace, century/gender and year digits agree with NoiSinh,
// GioiTinh and NgaySinh; ages 22 to 60, women under their retirement age;
// recruitment after a degree, mostly at 22 to 30; a rank of list Ngach that
// fits the kind of person and unit, a salary history with a step every
// three years (two in groups B and C) and the coefficients of the salary
// table, promotions to the next rank after nine years for some; a work
// history in order, without gaps or overlaps, the last period open;
// political-theory and state-management courses that fit the rank; Party
// membership, awards, a rare reprimand, parents, spouse and children with
// birth years that fit. Every code is in its code list, and a packet the
// generator makes passes the validator (packet.Validator) with no finding.
//
// In format 2.0 (the default) a profile carries the ten data groups of
// Decree 27/2026/NĐ-CP too, and they agree with the career: the
// identity card; the family background; the side, occupation, residence
// and nationality of each relative, and for some the spouse's parents;
// the appointment to the present position (BoNhiem, that of ChucVu); the
// planning of leaders for the next title up in the current term
// (2026-2031); the moves of the work history to another unit (DIEU_DONG)
// and, for a few, a secondment (BIET_PHAI) inside a period of work; the
// allowances of the position, of seniority beyond the last step and of the
// job; a quality grade for each year of service, that agrees with the
// awards and any discipline; the trade union and other organisations; a
// few men's military service between their degree and recruitment; the
// defence-and-security training by position; an end of service decided
// ahead of its day (ChamDut, the profile still DANG_CONG_TAC): for about
// 60% of those whose retirement falls within six months, NGHI_HUU on the
// first day of the month after they reach the retirement age, and for
// about 0.5% of the others a resignation (THOI_VIEC) or a transfer out
// (CHUYEN_CONG_TAC) within 60 days, each drawn from a stream of its own,
// so that the same seed gives the same ones. The three sensitive groups
// are made never to look like a real person's: the personal history
// (group 3) of a few holds only the two kinds that say nothing of the
// person's own conduct, with text that starts "Dữ liệu mẫu: " (sample
// data); the declarations of assets (group 9), of those who must declare,
// state an income computed from the public salary table, rounded to a
// million, plus a random amount; health (group 10) draws height, weight
// and blood group from population ranges independently of everything else
// about the person. Format 1.0 (Options.Version "1.0") profiles have none
// of these members, and are the same as before they existed.
//
// # Streaming
//
// A Generator keeps only the previous profile, so Header and Records write
// a packet of any size with constant memory, the same packet Packet
// returns:
//
//	g := packettest.New(packettest.Options{Seed: 1})
//	enc := packet.NewEncoder(w, packet.FormatJSON, g.Header(packet.KindProfiles, n))
//	for r := range g.Records(packet.KindProfiles, n) {
//		if err := enc.Encode(r); err != nil {
//			return err
//		}
//	}
//	return enc.Close(nil)
//
// # Defects
//
// Options.Defects asks for mistakes on purpose, each breaking one rule of
// the catalogue, at a known place, and nothing else:
//
//	g := packettest.New(packettest.Options{Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
//	p := g.Packet(packet.KindProfiles, 10) // record 0: R-LUONG-002 at /DuLieu/0/Ngach/HeSoLuong
//
// Mistakes the model cannot hold (an 11-digit personal ID, a duplicate JSON
// key) are not defects: make them by editing the encoded bytes.
//
// # Change events and answers
//
// Change makes a change event for a profile that packet.Apply accepts, of
// the kinds of format 1.0; ChangeOfKind makes one of a kind you name, every
// kind of format 2.0 included (a yearly grade, an allowance, a secondment
// and its end, an election, planning, a declaration, an examination);
// Reply answers a HOSO or BIENDONG packet as the national database would,
// from the findings of validating it.
package packettest
