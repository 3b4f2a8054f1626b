import Imaging
import Numerics
import Testing
@testable import Training

@Test("patient IDs follow the dataset's naming rules", arguments: [
    ("IM-0115-0001.jpeg", "IM-0115"),
    ("train/NORMAL/NORMAL2-IM-1427-0001.jpeg", "NORMAL2-IM-1427"),
    ("person1000_bacteria_2931.jpeg", "person1000"),
    ("person22_virus_55.jpeg", "person22"),
    ("scan.jpeg", "scan"),
])
func patientIDs(name: String, expected: String) {
    #expect(PatientID.from(fileName: name) == expected)
}

@Test("the cause of pneumonia is read from the file name")
func causes() {
    #expect(PatientID.cause(fileName: "person1_bacteria_1.jpeg") == "bacteria")
    #expect(PatientID.cause(fileName: "person1_virus_6.jpeg") == "virus")
    #expect(PatientID.cause(fileName: "IM-0001-0001.jpeg") == nil)
}

@Test("no patient straddles the split, each class is split in proportion, and the seed decides")
func splitByPatient() {
    var patients: [String] = [], labels: [Int] = []
    for p in 0..<200 {
        let films = 1 + p % 3
        for _ in 0..<films { patients.append("p\(p)"); labels.append(p < 60 ? 0 : 1) }
    }
    var rng = SplitMix64(seed: 7)
    let split = PatientSplit.make(patients: patients, labels: labels, validationFraction: 0.2, using: &rng)
    let trainPatients = Set(split.training.map { patients[$0] })
    let valPatients = Set(split.validation.map { patients[$0] })
    #expect(trainPatients.isDisjoint(with: valPatients))
    #expect(split.training.count + split.validation.count == patients.count)
    #expect(valPatients.filter { Int($0.dropFirst())! < 60 }.count == 12)
    #expect(valPatients.filter { Int($0.dropFirst())! >= 60 }.count == 28)
    var same = SplitMix64(seed: 7), other = SplitMix64(seed: 8)
    #expect(PatientSplit.make(patients: patients, labels: labels, validationFraction: 0.2, using: &same) == split)
    #expect(PatientSplit.make(patients: patients, labels: labels, validationFraction: 0.2, using: &other) != split)
}
