import Foundation
import SSOCommandLine

exit(await CommandLineTool.main(Array(CommandLine.arguments.dropFirst())))
