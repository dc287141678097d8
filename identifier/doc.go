// Package identifier parses, validates and explains the identifiers of
// Decision 356/QĐ-BNV packets:
//
//   - [AgencyCode], the electronic identifier of an agency (mã định danh điện
//     tử của cơ quan, tổ chức), in the QCVN 102 form 000.00.12.H29 and the
//     Decision 20/2020 form H29.12;
//   - [PersonalID], the 12-digit personal identification number (số định
//     danh cá nhân) with its birthplace (a province, or a country for a
//     birth registered abroad), gender and birth year; since Decree
//     27/2026/NĐ-CP it is also the identifier of the electronic profile;
//   - [ProfileID], the 14-character national profile ID (mã định danh
//     CBCCVC) of packet format 1.0, with its ISO 7064 MOD 97-10 check digits,
//     and [NewProfileID] to make one: it stays only to read 1.0 packets, as
//     format 2.0 keys profiles by the personal ID;
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
// # Public law and our reading
//
// The agency-code forms are public standards (QCVN 102:2016/BTTTT, Decision
// 20/2020/QĐ-TTg). So is the personal-ID layout: Decree 137/2015/NĐ-CP Art.
// 13, carried into the Law on Identification 26/2023/QH15 and Decree
// 70/2024/NĐ-CP, with the province codes of Circular 07/2016/TT-BCA; under
// it digits 1-3 are the code of the province or of the country where the
// birth was registered. The SDK embeds the province codes but no country
// codes, as we found no official public table of them: a code that is no
// province code is therefore only doubtful ([BirthplaceUnlisted]), not wrong,
// unless the caller loads a country list ([codelist.ListBirthCountry]) that
// does not have it ([ParsePersonalIDIn], [PersonalID.BirthplaceIn]). That the
// personal ID is the profile identifier is Decree 27/2026/NĐ-CP's. The
// profile-ID layout and the national service address are the SDK's reading
// of Decision 356/QĐ-BNV, whose technical annex is not public; they live in
// profile.go and [NationalService] so that the official text can replace them.
package identifier
