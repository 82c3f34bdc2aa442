"""Pictures the tests make themselves with Pillow: nothing binary in the repository.

phone_photo() is what an editor's phone gives: a JPEG stored on its side with an
EXIF orientation tag saying how to turn it, a GPS position, the camera's make,
model and serial numbers, and a comment. Its top edge is red and its bottom edge
blue once turned upright, so a test can tell whether a copy was turned.
"""

from PIL import ExifTags, Image, ImageDraw

SERIAL = "HKSMEGA-TEST-SERIAL-4711"
LENS_SERIAL = "LENS-SERIAL-0815"
RED, BLUE, GREY = (220, 20, 20), (20, 20, 220), (128, 128, 128)


def upright(width, height):
    """A picture as a reader should see it: red along the top, blue along the bottom."""
    image = Image.new("RGB", (width, height), GREY)
    draw = ImageDraw.Draw(image)
    band = max(1, height // 8)
    draw.rectangle([0, 0, width, band], fill=RED)
    draw.rectangle([0, height - band, width, height], fill=BLUE)
    return image


def phone_exif(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    exif[ExifTags.Base.Model] = "TestPhone 15"
    exif[ExifTags.Base.Orientation] = orientation
    private = exif.get_ifd(ExifTags.IFD.Exif)
    private[ExifTags.Base.BodySerialNumber] = SERIAL
    private[ExifTags.Base.LensSerialNumber] = LENS_SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 17.0, 5.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 10.0, 30.0)
    return exif


def phone_photo(path, width=3000, height=2000):
    """A JPEG that shows `width` × `height` upright, stored turned a quarter (EXIF
    orientation 6: turn it clockwise to show it), with GPS, serial numbers and a comment."""
    stored = upright(width, height).transpose(Image.Transpose.ROTATE_90)  # on its side
    stored.save(path, "JPEG", quality=90, exif=phone_exif(orientation=6),
                comment=f"taken by {SERIAL}".encode())
    return path


def plain_photo(path, width=1000, height=750, format=None):
    """A picture with no metadata, in the format its suffix says (or `format`)."""
    upright(width, height).save(path, format)
    return path


def transparent_png(path, width=600, height=400):
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse([10, 10, width - 10, height - 10], fill=(20, 90, 160, 255))
    image.save(path, "PNG")
    return path


def truncated_jpeg(path, width=800, height=600):
    """A JPEG cut off half way, as an interrupted upload leaves it."""
    plain_photo(path, width, height, "JPEG")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
