// Package identifier parses, validates and explains the identifiers of
// Decision 356/QĐ-BNV packets:
//
//   - [AgencyCode], the electronic identifier of an agency (mã định danh điện
//     tử của cơ quan, tổ chức), in the QCVN 102 form 000.00.12.H29 and the
//     Decision 20/2020 form H29.12;
//   - [PersonalID], the 12-digit personal identification number (số định
//     danh cá nhân) with its birthplace, gender and birth year;
//   - [ProfileID], the national profile ID (mã định danh CBCCVC) with its
//     ISO 7064 MOD 97-10 check digits, and [NewProfileID] to make one;
//   - [SocialInsuranceNumber], the 10-digit mã số BHXH;
//   - [Member], [Subsystem] and [Service], the NDXP (X-Road) addresses.
//
// Every type has Parse, String, Explain, MarshalText and UnmarshalText, so
// packets in JSON and XML carry them as plain text. The zero value of each
// type means "absent" and is never a valid identifier. Parsing allocates
// nothing for valid input and never panics.
//
// Every parse error is an [*Error], which names the part and, where one
// character is at fault, its position, in English and in Vietnamese; its
// Err field is a sentinel such as [ErrOldIDCard] for errors.Is:
//
//	id, err := identifier.ParsePersonalID("079085001234")
//	if err != nil {
//		var e *identifier.Error
//		if errors.As(err, &e) {
//			log.Printf("%s at %d: %s / %s", e.Part, e.Offset, e.MessageEN, e.MessageVI)
//		}
//		return err
//	}
//	fmt.Println(id.BirthProvince(), id.Gender(), id.BirthYear()) // TP. Hồ Chí Minh male 1985
//
// The agency-code forms and personal-ID layout are public standards (QCVN
// 102:2016/BTTTT, Decision 20/2020/QĐ-TTg, Decree 137/2015/NĐ-CP). The
// profile-ID layout and the national service address are the SDK's reading
// of Decision 356/QĐ-BNV, whose technical annex is not public; they live in
// profile.go and [NationalService] so that the official text can replace them.
package identifier
