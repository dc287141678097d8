package packettest

// The tables the generator draws from. Every string is written with
// precomposed letters (NFC) and single spaces; the tests check it.

// A family name and its weight, in hundredths of a percent of the
// population, roughly as Vietnamese surveys give them. Hoàng and Vũ are the
// northern spellings of Huỳnh and Võ: which one a person has depends on
// where they were born (see southern).
type familyName struct {
	name, south string // south: the spelling south of Quảng Trị, if it differs
	weight      int
}

var familyNames = []familyName{
	{"Nguyễn", "", 3800}, {"Trần", "", 1100}, {"Lê", "", 950}, {"Phạm", "", 700},
	{"Hoàng", "Huỳnh", 510}, {"Phan", "", 450}, {"Vũ", "Võ", 390}, {"Đặng", "", 210},
	{"Bùi", "", 200}, {"Đỗ", "", 140}, {"Hồ", "", 130}, {"Ngô", "", 130},
	{"Dương", "", 100}, {"Lý", "", 50}, {"Trương", "", 50}, {"Đinh", "", 40},
	{"Đoàn", "", 40}, {"Lâm", "", 30}, {"Mai", "", 30}, {"Lương", "", 30},
	{"Cao", "", 25}, {"Hà", "", 25}, {"Tạ", "", 15}, {"Châu", "", 15}, {"Thái", "", 15},
}

// Middle names by gender. Văn and Thị are weighted by birth year: they
// were the rule for the older generations and are rarer among the young.
var (
	middleMale   = []string{"Văn", "Đức", "Minh", "Hữu", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Quang", "Hoàng", "Anh", "Tuấn", "Đình", "Trung"}
	middleFemale = []string{"Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Phương", "Hồng", "Bích", "Mai", "Thùy", "Hoài", "Khánh", "Bảo", "Diệu"}
	givenMale    = []string{"An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn", "Việt", "Đạt", "Thắng", "Trung", "Tài", "Hiếu", "Lâm", "Huy", "Hoàng", "Minh", "Phúc", "Thịnh", "Toàn", "Vinh", "Khoa", "Đức", "Tùng"}
	givenFemale  = []string{"Anh", "Bình", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến", "Hằng", "Hoa", "Huyền", "Loan", "My", "Nhi", "Oanh", "Tâm", "Thủy", "Uyên"}
)

// Ethnic groups (list DanToc, 2008 system) with weights in tenths of a
// percent: Kinh about 86%, the larger minorities after it.
var (
	ethnicCodes   = []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "14", "17", "21"}
	ethnicWeights = []int{862, 20, 19, 16, 14, 10, 11, 9, 8, 5, 4, 3, 3, 2}
)

// Religions (list TonGiao) with weights in tenths of a percent.
var (
	religionCodes   = []string{"00", "01", "02", "03", "05", "08"}
	religionWeights = []int{840, 85, 60, 5, 5, 5}
)

// Communes and wards of the current provinces (since 1 July 2025) where we
// know some; the others take generic names, which many provinces have.
var communesByProvince = map[string][]string{
	"01": {"Phường Ba Đình", "Phường Hoàn Kiếm", "Phường Cửa Nam", "Phường Đống Đa", "Phường Cầu Giấy", "Phường Tây Hồ", "Phường Hà Đông", "Phường Long Biên", "Phường Sơn Tây", "Xã Sóc Sơn", "Xã Đông Anh", "Xã Gia Lâm"},
	"79": {"Phường Sài Gòn", "Phường Bến Thành", "Phường Tân Định", "Phường Bàn Cờ", "Phường Xuân Hòa", "Phường Chợ Lớn", "Phường Gia Định", "Phường Thủ Đức", "Phường Bình Thạnh", "Phường Gò Vấp", "Phường Thủ Dầu Một", "Phường Vũng Tàu", "Xã Củ Chi", "Xã Hóc Môn", "Xã Nhà Bè", "Xã Cần Giờ"},
	"48": {"Phường Hải Châu", "Phường Thanh Khê", "Phường Sơn Trà", "Phường Ngũ Hành Sơn", "Phường Liên Chiểu", "Phường Tam Kỳ", "Phường Hội An", "Xã Hòa Vang"},
	"31": {"Phường Hồng Bàng", "Phường Lê Chân", "Phường Ngô Quyền", "Phường Kiến An", "Phường Hải Dương", "Xã An Lão"},
	"92": {"Phường Ninh Kiều", "Phường Cái Răng", "Phường Bình Thủy", "Phường Ô Môn", "Phường Sóc Trăng", "Phường Vị Thanh"},
	"46": {"Phường Thuận Hóa", "Phường Phú Xuân", "Phường Hương Thủy", "Phường Hương Trà", "Xã Phú Vang"},
	"40": {"Phường Trường Vinh", "Phường Thành Vinh", "Xã Nam Đàn", "Xã Diễn Châu", "Xã Yên Thành", "Xã Đô Lương"},
}

var genericCommunes = []string{
	"Xã Tân Lập", "Xã Hòa Bình", "Xã Quang Trung", "Xã Tân Phú", "Xã Bình Minh", "Xã Thanh Sơn",
	"Xã Đông Hưng", "Xã Phú Thịnh", "Xã Vĩnh Hưng", "Xã An Thạnh", "Xã Tân Hiệp", "Xã Hưng Long",
	"Phường Quang Trung", "Phường Lê Lợi", "Phường Trần Phú", "Phường Hùng Vương", "Phường Bắc Sơn", "Phường Nam Thành",
}

var streets = []string{
	"Lê Lợi", "Nguyễn Huệ", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt", "Điện Biên Phủ",
	"Phan Chu Trinh", "Nguyễn Trãi", "Quang Trung", "Lê Duẩn", "Hùng Vương", "Nguyễn Thị Minh Khai",
	"Võ Văn Kiệt", "Trần Phú", "Lê Thánh Tông", "Ngô Quyền",
}

// Schools are named after historical figures, as most are.
var schoolNames = []string{
	"Nguyễn Du", "Lê Quý Đôn", "Trần Phú", "Nguyễn Trãi", "Lê Hồng Phong", "Chu Văn An",
	"Nguyễn Thị Minh Khai", "Phan Bội Châu", "Trần Hưng Đạo", "Lương Thế Vinh", "Nguyễn Huệ",
	"Hùng Vương", "Nguyễn Hữu Huân", "Bùi Thị Xuân", "Võ Thị Sáu", "Lê Lợi", "Nguyễn Khuyến",
	"Trần Quốc Tuấn", "Ngô Quyền", "Phan Đình Phùng",
}

var universities = []string{
	"Trường Đại học Khoa học Xã hội và Nhân văn", "Học viện Hành chính Quốc gia", "Trường Đại học Kinh tế Quốc dân",
	"Trường Đại học Luật Hà Nội", "Trường Đại học Kinh tế Thành phố Hồ Chí Minh", "Trường Đại học Luật Thành phố Hồ Chí Minh",
	"Trường Đại học Bách khoa Hà Nội", "Trường Đại học Cần Thơ", "Trường Đại học Vinh", "Trường Đại học Đà Nẵng",
	"Học viện Tài chính", "Trường Đại học Huế",
}

var teacherUniversities = []string{
	"Trường Đại học Sư phạm Hà Nội", "Trường Đại học Sư phạm Thành phố Hồ Chí Minh", "Trường Đại học Sư phạm, Đại học Đà Nẵng",
	"Trường Đại học Sư phạm, Đại học Huế", "Trường Đại học Vinh", "Trường Đại học Cần Thơ", "Trường Đại học Sài Gòn",
}

var (
	majorsOffice  = []string{"Hành chính học", "Luật", "Kinh tế", "Quản trị nhân lực", "Công nghệ thông tin", "Quản lý nhà nước", "Xã hội học", "Quan hệ quốc tế"}
	majorsFinance = []string{"Kế toán", "Tài chính - Ngân hàng", "Kiểm toán", "Kinh tế"}
	majorsInspect = []string{"Luật", "Kinh tế", "Quản lý nhà nước"}
	majorsTeacher = []string{"Sư phạm Toán", "Sư phạm Ngữ văn", "Sư phạm Vật lý", "Sư phạm Hóa học", "Sư phạm Sinh học", "Sư phạm Lịch sử", "Sư phạm Địa lý", "Sư phạm Tiếng Anh", "Sư phạm Tin học"}
	majorsCollege = []string{"Kinh tế", "Kế toán", "Công nghệ thông tin", "Kỹ thuật điện", "Cơ khí", "Quản trị kinh doanh"}
)

// Departments (phòng) of the kinds of unit that have them.
var (
	deptsProvince = []string{"Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Phòng Pháp chế", "Phòng Quản lý chuyên ngành", "Thanh tra Sở"}
	deptsHome     = []string{"Văn phòng", "Phòng Tổ chức - Biên chế", "Phòng Công chức, viên chức", "Phòng Cải cách hành chính", "Phòng Xây dựng chính quyền", "Thanh tra Sở"}
	deptsFinance  = []string{"Văn phòng", "Phòng Quản lý ngân sách", "Phòng Tài chính doanh nghiệp", "Phòng Quản lý giá và công sản", "Phòng Đầu tư", "Thanh tra Sở"}
	deptsInspect  = []string{"Văn phòng", "Phòng Thanh tra kinh tế", "Phòng Thanh tra xã hội", "Phòng Tiếp công dân, xử lý đơn", "Phòng Phòng, chống tham nhũng"}
	deptsCommune  = []string{"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội"}
	deptsMinistry = []string{"Phòng Tổng hợp", "Phòng Chính sách", "Phòng Quản lý", "Phòng Hành chính"}
	deptsCouncil  = []string{"Phòng Công tác Quốc hội", "Phòng Công tác Hội đồng nhân dân", "Phòng Hành chính, tổ chức, quản trị"}
)

// A leadership position and its allowance coefficient (hệ số phụ cấp
// chức vụ), in hundredths. The coefficients are typical of a centrally-run
// city; the generator does not vary them by province.
type position struct {
	title     string
	allowance int
}

// Job positions (vị trí việc làm) by kind of work.
var (
	jobsOffice  = []string{"Chuyên viên tổng hợp", "Chuyên viên pháp chế", "Chuyên viên quản lý nhân sự", "Chuyên viên kế hoạch", "Chuyên viên cải cách hành chính", "Chuyên viên văn thư, lưu trữ"}
	jobsFinance = []string{"Chuyên viên quản lý ngân sách", "Kế toán", "Chuyên viên quản lý tài sản công", "Chuyên viên quản lý giá"}
	jobsInspect = []string{"Thanh tra viên", "Chuyên viên tiếp công dân", "Chuyên viên xử lý đơn thư"}
	jobsCommune = []string{"Chuyên viên văn phòng", "Chuyên viên địa chính - xây dựng", "Chuyên viên tư pháp - hộ tịch", "Chuyên viên văn hóa - xã hội", "Chuyên viên kinh tế"}
)

var disciplineReasons = []string{"Chậm nộp báo cáo định kỳ", "Vi phạm quy chế làm việc của cơ quan", "Chậm giải quyết hồ sơ của công dân", "Không chấp hành phân công công việc"}

var (
	occupations      = []string{"Giáo viên", "Kỹ sư", "Bác sĩ", "Kinh doanh", "Công chức", "Kế toán", "Nhân viên văn phòng", "Điều dưỡng", "Lao động tự do"}
	parentJobs       = []string{"Làm ruộng", "Buôn bán", "Công nhân", "Cán bộ hưu trí", "Lao động tự do"}
	languages        = []string{"Tiếng Anh", "Tiếng Anh", "Tiếng Anh", "Tiếng Anh", "Tiếng Anh", "Tiếng Pháp", "Tiếng Trung", "Tiếng Nhật"}
	languageLevelOld = []string{"A", "B", "C"}                // certificates before 2014
	languageLevelNew = []string{"A2", "B1", "B1", "B2", "C1"} // the 6-level framework since 2014
	itSkills         = []string{"Ứng dụng công nghệ thông tin cơ bản", "Ứng dụng công nghệ thông tin cơ bản", "Ứng dụng công nghệ thông tin cơ bản", "Ứng dụng công nghệ thông tin nâng cao"}
)

// foldTable maps each Vietnamese letter with a diacritic to its ASCII base
// letter, for e-mail addresses.
var foldTable = func() map[rune]rune {
	const from = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"
	const to = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD"
	fr, tr := []rune(from), []rune(to)
	if len(fr) != len(tr) {
		panic("packettest: fold table out of step")
	}
	m := make(map[rune]rune, len(fr))
	for i, r := range fr {
		m[r] = tr[i]
	}
	return m
}()
