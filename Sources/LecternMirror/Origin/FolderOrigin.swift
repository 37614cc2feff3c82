import Foundation
import LecternPackage

/// A library in a folder (a USB drive, another campus's export) as a mirror origin.
struct FolderOrigin {
    let library: Library

    init(_ root: URL) throws(MirrorError) {
        let lectures = root.appendingPathComponent(Library.lecturesFolderName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MirrorError("\(root.path): no such folder")
        }
        guard FileManager.default.fileExists(atPath: lectures.path) else {
            throw MirrorError("\(root.path): not a Lectern library (no lectures/ folder)")
        }
        library = Library(root: root)
    }

    func catalog() throws(MirrorError) -> [Manifest] {
        do { return try library.listLectures() } catch { throw MirrorError("\(library.root.path): cannot list lectures: \(error)") }
    }

    func url(of path: String, in id: String) -> URL { library.lectureURL(id).appendingPathComponent(path) }
}
