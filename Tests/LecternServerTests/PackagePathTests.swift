import Testing

@testable import LecternServer

@Suite struct PackagePathTests {
    @Test("Package file names decode once and keep their components")
    func valid() throws {
        let path = try PackagePath.parse(["360p", "seg-00001.m4s"])
        #expect(path.components == ["360p", "seg-00001.m4s"])
        #expect(path.fileExtension == "m4s")
        #expect(try PackagePath.parse(["poster%2Ejpg"]).components == ["poster.jpg"])
    }

    @Test("Dots, encoded dots, double encoding, slashes, backslashes, NUL and empty components are not package files")
    func rejected() {
        for raw: [Substring] in [[".."], ["%2e%2e"], ["%2E%2E", "x"], ["%252e%252e"], ["a%2fb"], ["a%5cb"], ["a%00"], [""], [".hidden"], ["é"], []] {
            #expect(throws: PackagePath.Problem.notAPackageFile, "\(raw)") { try PackagePath.parse(raw) }
        }
    }

    @Test("A broken percent escape is a malformed request")
    func malformed() {
        for raw: [Substring] in [["%"], ["a%2"], ["%zz"]] {
            #expect(throws: PackagePath.Problem.malformed, "\(raw)") { try PackagePath.parse(raw) }
        }
    }
}
