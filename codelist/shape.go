package codelist

// ValidRankShape reports whether code has the shape of a civil-servant rank
// code (ngạch), NN.NNN with an optional lower-case letter after the first
// two digits (01.003, 06a.031), or of a public-employee title code (chức
// danh nghề nghiệp), V.NN.NN.NN (V.07.05.13). The shape is checked even for
// codes the embedded Ngach list does not know.
func ValidRankShape(code string) bool {
	switch {
	case len(code) == 6:
		return digits(code[0:2]) && code[2] == '.' && digits(code[3:6])
	case len(code) == 7:
		return digits(code[0:2]) && 'a' <= code[2] && code[2] <= 'z' && code[3] == '.' && digits(code[4:7])
	case len(code) == 10:
		return code[0] == 'V' && code[1] == '.' && digits(code[2:4]) && code[4] == '.' &&
			digits(code[5:7]) && code[7] == '.' && digits(code[8:10])
	}
	return false
}

// ValidCommuneCode reports whether code is a commune code (mã xã) in shape:
// exactly five ASCII digits. Whether the commune exists is a lookup in list
// Xa ([ListCommune]), which holds only the communes since 1 July 2025; a
// code of a commune merged away that year, which an old address (a
// birthplace, a home town) may keep, has the shape but is in no embedded
// list.
func ValidCommuneCode(code string) bool {
	return len(code) == 5 && digits(code)
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
