// Package codelist holds the code lists (danh mục) used by the data packets
// of Decision 356/QĐ-BNV, the national database of cadres, civil servants
// and public employees (CSDLQG về CBCCVC): sex, ethnic group, religion,
// province, commune, rank, and the enumerations of the packet format. Each
// list is a JSON file under data/, embedded in the package, versioned
// (phienBan) and read-only; [Default] returns them all as a [Set].
//
// Every value (Entry) has a code, a Vietnamese name (NFC, with diacritics)
// and a Confirmed flag (xacNhan): true only where a public source, named in
// the list's Source and below, gives the value. Some lists are our reading
// of Decision 356, whose technical annex is not public; their values are
// marked unconfirmed, and an official list from the national service
// replaces them without a code change:
//
//	l, err := codelist.Load(resp.Body) // GET /danh-muc/{ten}
//	set := codelist.Default().With(l)
//
// A list fetched from the service is authoritative: an entry without
// xacNhan is confirmed.
//
// # Lists
//
// Each list below gives its name (the wire name, and a constant), its
// source, and which values a public source confirms.
//
//   - GioiTinh ([ListGender]): 0 Chưa có thông tin (no information), 1 Nam,
//     2 Nữ. Source: the population-database convention; the QCVN
//     109:2017/BTTTT sample message uses 1, and QCVN 109 has 0 for no
//     information (our spec's reading). Unconfirmed: all three, as we have
//     not read a text giving their meaning. A profile with 0 is not checked
//     against the gender digit of the personal ID (rule R-ID-003), only
//     against its century.
//   - DanToc ([ListEthnicity]): 54 ethnic groups, 2008 system, Decision
//     1019/QĐ-TCTK, the list of QCVN 109:2017 Annex E and of the population
//     database; 55 người nước ngoài (foreigners). Confirmed: 01–20.
//     Unconfirmed: 21–54 (from public code lists in the same order) and 55 (a
//     convention of some public code lists). keThua gives the 1979 code.
//   - DanToc1979 ([ListEthnicity1979]): the 54 groups in the 1979 system,
//     Decision 121-TCTK/PPCĐ of 2 March 1979. Confirmed: 01–11. Unconfirmed:
//     12–54, from our knowledge of the decision's order. keThua gives the
//     2008 code; the two directions are inverse.
//   - TonGiao ([ListReligion]): 01–14 of QCVN 109:2017 Annex G (Decision
//     1019/QĐ-TCTK; 14 Mặc Môn added in 2014), confirmed; 99, the sample
//     message's code for no religion, confirmed, an alias (biDanhCua) of 00;
//     00 Không, this SDK's code for no religion, unconfirmed.
//   - Tinh ([ListProvince]): the 34 provinces and centrally-run cities since
//     1 July 2025 (Resolution 202/2025/QH15), valid from that day.
//     Confirmed: all 34 codes and names, checked against General Statistics
//     Office letter 915/CTK-CSCL.
//   - TinhTruoc2025 ([ListProvincePre2025]): the 63 provinces before
//     1 July 2025, valid until that day; 2-digit codes of Decision
//     124/2004/QĐ-TTg, which the personal ID number zero-pads to 3 digits
//     (Circular 07/2016/TT-BCA Annex I). Confirmed: all 63 codes and names.
//     keThua is the current province each became part of under Resolution
//     202/2025/QH15: that mapping is from our knowledge of the resolution,
//     not from a copy we have read.
//   - Xa ([ListCommune]): the 3,321 communes, wards and special zones (2,621
//     xã, 687 phường, 13 đặc khu) since 1 July 2025, valid from that day:
//     the 5-digit codes and names of Annex I (Phụ lục I) to General
//     Statistics Office letter 1027/CTK-CSCL of 25 June 2025, codes per
//     Decision 19/2025/QĐ-TTg, transcribed from a public copy of the
//     appendix. nhom is the province (a code of Tinh) under which the
//     appendix lists the commune. Confirmed: all 3,321; the number of each
//     kind in each province is checked against the Standing Committee
//     resolutions 1654/NQ-UBTVQH15 to 1687/NQ-UBTVQH15 that made them. The
//     validator checks the commune code of a current address (ThuongTru,
//     NoiOHienTai) against it; birthplaces and home towns may keep pre-2025
//     codes, so for them [ValidCommuneCode] checks the shape only. When the
//     Office publishes a change, load the new list with [LoadFile] and add
//     it with [Set.With].
//   - QuocGiaKhaiSinh ([ListBirthCountry]): the 3-digit codes of the
//     countries where a birth was registered abroad, which digits 1-3 of a
//     personal ID hold in place of a province code: the code of "the
//     province or the country where the birth was registered" (public law:
//     Decree 137/2015/NĐ-CP Art. 13, carried into the Law on Identification
//     26/2023/QH15 and Decree 70/2024/NĐ-CP). Not embedded: we found no
//     official public table of these codes. Without it, or with it empty, a
//     personal ID whose digits 1-3 are not a province code is only a
//     warning (it may name a country); a caller who has the table loads it
//     with [LoadFile] and adds it with [Set.With], and the validator then
//     refuses a code that is in neither list.
//   - LoaiDoiTuong ([ListPersonKind]): CB, CC, VC. Unconfirmed (our reading;
//     the three kinds are those of the laws on cadres and civil servants and
//     on public employees).
//   - Ngach ([ListRank]): civil-servant ranks (Decision 78/2004/QĐ-BNV and
//     later circulars) and public-employee professional titles (V.NN.NN.NN),
//     with their salary group (nhom) of Decree 204/2004/NĐ-CP; partial, so
//     [ValidRankShape] checks the shape of any code. A code replaced by a
//     later circular stays, closed (hieuLucDen), with the code that replaced
//     it (keThua, in the same list) and the text that did (ghiChu): the
//     lower-secondary teacher titles V.07.04.10–12 of Joint Circular
//     22/2015/TTLT-BGDĐT-BNV, replaced by V.07.04.30–32 under Circular
//     03/2021/TT-BGDĐT on 20 March 2021 (codes and names seen in a public
//     rank list; the date, successors and old salary groups from our
//     knowledge, unconfirmed). The other codes were not found replaced. Confirmed (code and name
//     seen in a public source): 01.001–01.003, 04.023, 06.029–06.031,
//     06a.031, 06.041, 07.044, 08.049. Unconfirmed: 01.004, 01.005, 04.024,
//     04.025, 06.042, 06.043, 07.045, 07.046, 08.050, 08.051 and the titles
//     V.07.01.01–03, V.07.04.30–32, V.07.05.13–15 (seen in public code). The
//     salary groups are from our knowledge of the decree and the circulars
//     that rank each title, not yet checked, for every entry.
//   - TrinhDoChuyenMon ([ListEducation]), LyLuanChinhTri
//     ([ListPoliticalTheory]), QuanLyNhaNuoc ([ListStateManagement]),
//     HinhThucTuyenDung ([ListRecruitment]), HinhThucDaoTao
//     ([ListTrainingForm]), QuanHe ([ListRelation]): our reading of Decision
//     356; all values unconfirmed.
//   - HinhThucKyLuat ([ListDiscipline]): the forms of discipline of the laws
//     on cadres, civil servants and public employees: KHIEN_TRACH, CANH_CAO,
//     CACH_CHUC, BUOC_THOI_VIEC, BAI_NHIEM, and HA_BAC_LUONG and GIANG_CHUC,
//     closed on 1 July 2025 (Law 80/2025/QH15, Decree 172/2025/NĐ-CP) but kept
//     for older decisions. Confirmed; the code spellings are ours. Which form
//     applies to which kind of person, and when, is [Set.DisciplineRegimes]
//     (data/kyluat.json): cadres, Article 78 of Law 22/2008/QH12 and Article
//     35 of Law 80/2025/QH15 (khiển trách, cảnh cáo, cách chức, bãi nhiệm);
//     civil servants, Article 79 of Law 22/2008/QH12 until 30 June 2025 (six
//     forms, with hạ bậc lương and giáng chức), then Article 36 of Law
//     80/2025/QH15 and Decree 172/2025/NĐ-CP (khiển trách, cảnh cáo, cách
//     chức, buộc thôi việc); public employees, Article 52 of Law 58/2010/QH12,
//     then Law 129/2025/QH15 and Article 7 of Decree 234/2026/NĐ-CP (the same
//     four). Article 52 and Decree 234/2026 were read in a public copy; Law
//     80/2025 and Decree 172/2025 from public summaries of them.
//   - TrangThai ([ListProfileStatus]), LoaiBienDong ([ListChangeKind]), Nguon
//     ([ListMatchSource]), TrangThaiGoiTin ([ListPacketState]),
//     TrangThaiDoiKhop ([ListMatchStatus]), TrangThaiXuLy
//     ([ListResultStatus]): the enumerations of the packet format, our
//     reading of Decision 356; all unconfirmed.
//   - CoQuanCap1 ([ListLevel1Agency]): level-1 agency codes (mã cấp 1) of
//     Decision 20/2020/QĐ-TTg; partial, only codes seen in public sources.
//     Confirmed: the 25 G codes of the table of Decision 09/2025/QĐ-TTg as
//     published (rows after 25 were not retrieved), H49, H54, K54, H57, K57.
//     Unconfirmed (seen only in public code): H20, H29, H30, H41, K41, H56.
//     Under Decision 09/2025/QĐ-TTg a merged province keeps the code of the
//     former province whose name it keeps and the others' codes are closed:
//     H54 and K54 (Thái Bình, now part of Hưng Yên) and H30 (Hậu Giang, now
//     part of Cần Thơ) are valid until 1 July 2025.
//
// The lists of the members that format 2.0 adds for the ten data groups of
// Decree 27/2026/NĐ-CP (Art. 5; the decree's Appendix, which would give the
// values, is not public) are our reading, version 2026.07, every value
// unconfirmed; the decree's group is in brackets. Where a law gives the
// values we name it, from our knowledge of it, not checked against the
// Official Gazette; the code spellings are ours.
//
//   - ThanhPhanXuatThan ([ListBackground], 1): family background, the
//     question of the résumé form Mẫu 2C-BNV/2008.
//   - HangThuongBinh ([ListWarInvalidClass], 1): war-invalid class, 1/4 to
//     4/4, as the résumé form asks it.
//   - GiaDinhChinhSach ([ListPolicyFamily], 1): policy family, by the kinds
//     of people with meritorious services of Ordinance 02/2020/UBTVQH14.
//   - Phia ([ListFamilySide], 2): BAN_THAN, VO_CHONG, the two family tables
//     of the résumé form.
//   - LoaiLichSuBanThan ([ListHistoryKind], 3): BI_BAT_TU,
//     LAM_VIEC_CHE_DO_CU, TO_CHUC_NUOC_NGOAI, THAN_NHAN_NUOC_NGOAI, the
//     personal-history questions of the résumé form.
//   - HinhThucBoNhiem ([ListAppointmentForm], 4): BO_NHIEM, BO_NHIEM_LAI,
//     BAU_CU, PHE_CHUAN.
//   - CapQuyHoach ([ListPlanningLevel], 4): the levels of the planning of
//     leaders (Regulation 50-QĐ/TW of 2021), with no district level since
//     1 July 2025.
//   - LoaiDieuChuyen ([ListTransferKind], 4): DIEU_DONG, LUAN_CHUYEN,
//     BIET_PHAI, the moves Law 22/2008/QH12 (Art. 7) defines.
//   - LoaiChamDut ([ListEndOfService], 4): NGHI_HUU, THOI_VIEC,
//     BUOC_THOI_VIEC, CHUYEN_CONG_TAC, TU_TRAN, KHAC, in step with TrangThai.
//   - QuocPhongAnNinh ([ListDefenceSecurity], 5): the groups (đối tượng 1
//     to 4) of the defence-and-security knowledge training (Law
//     30/2013/QH13; Decree 13/2014/NĐ-CP as amended by Decree
//     139/2020/NĐ-CP), the certificate of the university course, none.
//   - LoaiDaoTaoBoiDuong ([ListTrainingKind], 5): the kind of a training
//     course: CHUYEN_MON, LY_LUAN_CHINH_TRI, QUAN_LY_NHA_NUOC,
//     QUOC_PHONG_AN_NINH, NGOAI_NGU, TIN_HOC, KY_NANG, KHAC (the decree
//     names QUOC_PHONG_AN_NINH and KY_NANG; the others are group 5's
//     headings).
//   - LoaiPhuCap ([ListAllowanceKind], 6): the allowances of Decree
//     204/2004/NĐ-CP (Art. 6) and the public-service allowance of Decree
//     34/2012/NĐ-CP.
//   - MucXepLoai ([ListGrade], 6): HTXSNV, HTTNV, HTNV, KHTNV, the four
//     grades of Decree 90/2020/NĐ-CP, by their customary abbreviations.
//   - ToChucChinhTriXaHoi ([ListOrganisation], 7): the Fatherland Front and
//     the socio-political organisations, and KHAC.
//   - LucLuong ([ListForce], 8): QUAN_DOI, CONG_AN.
//   - LoaiKeKhai ([ListDeclarationKind], 9): LAN_DAU, HANG_NAM, BO_SUNG,
//     PHUC_VU_CONG_TAC_CAN_BO, the four declarations of the Law on
//     Anti-corruption 36/2018/QH14 (Art. 36).
//   - TinhTrangSucKhoe ([ListHealth], 10): TOT, BINH_THUONG, KEM.
//   - NhomMau ([ListBloodGroup], 10): A+, A-, B+, B-, AB+, AB-, O+, O-: the
//     ABO group in capital Latin letters (O the letter, not zero), then +
//     for Rh positive or - (the ASCII hyphen-minus) for Rh negative.
//
// The salary tables (data/bangluong.json, [Set.SalaryScaleIn]) are Table 2
// (Bảng 2, cadres and civil servants in state agencies) and Table 3 (Bảng 3,
// cadres and public employees in public service units) of Decree
// 204/2004/NĐ-CP, every group A3.1 to C3 with every step, in integer
// hundredths. The two share A3.1 to C1 and differ in C2 and C3 (Table 3's C2
// is the mortuary attendant's, C3 the hospital orderly's). [SalaryTableFor]
// picks the table by kind of person: Table 2 for CB and CC, Table 3 for VC.
// Elected cadres paid by the position-salary tables (Resolution
// 730/2004/NQ-UBTVQH11; Table 5 of the decree for commune cadres before
// 1 July 2025) hold no rank, and those tables are not embedded: the salary
// rules do not apply to them. [Set.SalaryScale] is Table 2, as before. The
// coefficients are from our knowledge of the decree, checked against public
// copies in open-source code for every group but Table 3's C3, which no copy
// we saw had; not yet checked against the Official Gazette.
//
// # Validity and successors
//
// An entry may have a validity period (hieuLucTu, hieuLucDen; the end is
// exclusive, the first day the code is closed) and a successor (keThua) in
// the list its list names (danhMucKeThua). Closed codes stay in their lists
// because old records use them: a pre-2025 province code in an old address
// or in a personal ID number is valid data. [Set.Successor] maps an old
// province to the current one, and [Set.ConvertEthnicity] maps between the
// two ethnic-group systems, which are never mixed: see [Ethnicity].
package codelist
