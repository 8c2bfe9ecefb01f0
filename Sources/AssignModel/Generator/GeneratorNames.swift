/// Vietnamese names, place names and provincial agencies the instance generator draws from.
enum GeneratorNames {
    /// Family names with rough relative frequencies (Nguyễn is by far the most common).
    static let families: [(name: String, weight: Int)] = [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
        ("Vũ", 4), ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 1), ("Dương", 1), ("Lý", 1),
    ]
    static let middleMale = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Đình"]
    static let middleFemale = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Thúy"]
    static let givenMale = ["An", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
                            "Hưng", "Khang", "Khánh", "Kiên", "Lâm", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
                            "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"]
    static let givenFemale = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
                              "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương",
                              "Quyên", "Thảo", "Thủy", "Trang", "Vân", "Xuân", "Yến"]

    /// Syllables of commune and ward names; a name is two different ones ("Tân Phú", "Hòa Bình").
    static let placeSyllables = ["An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Hưng", "Phước", "Thuận",
                                 "Đông", "Tây", "Nam", "Bắc", "Trung", "Hiệp", "Lợi", "Mỹ", "Vĩnh", "Thành",
                                 "Quang", "Minh", "Đức", "Sơn", "Hải", "Lâm", "Khánh", "Lộc", "Thọ", "Xuân",
                                 "Hà", "Cát", "Tiến", "Nghĩa", "Phong", "Hồng", "Thịnh", "Gia", "Kim", "Ngọc"]

    /// A province-level agency: its name, block, head and deputy titles, and the skill tags its
    /// posts ask for (`primary` for the director, the first deputy and the first division head;
    /// `secondary` for the second deputy).
    struct Agency {
        var name: String
        var block: Block
        var head: String
        var deputy: String
        var primary: String
        var secondary: String
    }

    static let agencies: [Agency] = [
        Agency(name: "Sở Nội vụ", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "admin", secondary: "law"),
        Agency(name: "Sở Tài chính", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "finance", secondary: "econ"),
        Agency(name: "Sở Tư pháp", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "law", secondary: "admin"),
        Agency(name: "Sở Nông nghiệp và Môi trường", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "agri", secondary: "land"),
        Agency(name: "Sở Giáo dục và Đào tạo", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "edu", secondary: "admin"),
        Agency(name: "Sở Văn hóa, Thể thao và Du lịch", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "culture", secondary: "econ"),
        Agency(name: "Sở Khoa học và Công nghệ", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "it", secondary: "econ"),
        Agency(name: "Sở Xây dựng", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "land", secondary: "finance"),
        Agency(name: "Sở Công Thương", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "econ", secondary: "finance"),
        Agency(name: "Sở Y tế", block: .state, head: "Giám đốc", deputy: "Phó Giám đốc", primary: "health", secondary: "admin"),
        Agency(name: "Thanh tra tỉnh", block: .state, head: "Chánh Thanh tra", deputy: "Phó Chánh Thanh tra", primary: "law", secondary: "finance"),
        Agency(name: "Văn phòng UBND tỉnh", block: .state, head: "Chánh Văn phòng", deputy: "Phó Chánh Văn phòng", primary: "admin", secondary: "it"),
        Agency(name: "Ban Tổ chức Tỉnh ủy", block: .party, head: "Trưởng ban", deputy: "Phó Trưởng ban", primary: "party", secondary: "admin"),
        Agency(name: "Ban Tuyên giáo và Dân vận Tỉnh ủy", block: .party, head: "Trưởng ban", deputy: "Phó Trưởng ban", primary: "party", secondary: "culture"),
        Agency(name: "Ủy ban Kiểm tra Tỉnh ủy", block: .party, head: "Chủ nhiệm", deputy: "Phó Chủ nhiệm", primary: "party", secondary: "law"),
        Agency(name: "Văn phòng Tỉnh ủy", block: .party, head: "Chánh Văn phòng", deputy: "Phó Chánh Văn phòng", primary: "party", secondary: "admin"),
        Agency(name: "Ban Nội chính Tỉnh ủy", block: .party, head: "Trưởng ban", deputy: "Phó Trưởng ban", primary: "security", secondary: "law"),
        Agency(name: "Ủy ban MTTQ Việt Nam tỉnh", block: .front, head: "Chủ tịch", deputy: "Phó Chủ tịch", primary: "culture", secondary: "admin"),
        Agency(name: "Hội Nông dân tỉnh", block: .front, head: "Chủ tịch", deputy: "Phó Chủ tịch", primary: "agri", secondary: "culture"),
        Agency(name: "Hội Liên hiệp Phụ nữ tỉnh", block: .front, head: "Chủ tịch", deputy: "Phó Chủ tịch", primary: "culture", secondary: "edu"),
        Agency(name: "Tỉnh đoàn", block: .front, head: "Bí thư", deputy: "Phó Bí thư", primary: "edu", secondary: "culture"),
    ]
}
