import Foundation
import SSOCommandLine

exit(await CommandLineTool.run(Array(CommandLine.arguments.dropFirst())))
